"""Why a document matched: one MatchReason per distinct (kind, term), strongest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.guide.search.channels import quality_of
from core.guide.search.english import stem
from core.guide.search.normalise import ascii_words
from core.guide.search.postings import CLASS_WEIGHTS, NAME
from core.guide.search.query import CHAR, INITIALS, SOUND, Alternative, Concept
from core.guide.search.results import MatchReason
from core.guide.search.views import FieldView

MAX_REASONS = 4
_SNIPPET_KINDS = frozenset({"typo", "pinyin", "initials"})


@dataclass
class _Found:
    weight: float
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    vias: list[str] = field(default_factory=list)


def reasons(views: Sequence[FieldView], plan: Sequence[Concept], core: str) -> tuple[MatchReason, ...]:
    found: dict[tuple[str, str], _Found] = {}
    for concept in plan:
        best = _best_match(views, concept)
        if best is None:
            continue
        value, alternative, view = best
        kind = alternative.kind or view.field.kind
        key = (kind, _term(alternative, view, kind))
        entry = found.setdefault(key, _Found(0.0))
        entry.weight += value * concept.mass
        if concept.start >= 0:
            entry.starts.append(concept.start)
            entry.ends.append(concept.start + len(concept.via))
        else:
            entry.vias.append(concept.via)
    ranked = sorted(found.items(), key=lambda kv: -kv[1].weight)[:MAX_REASONS]
    return tuple(_reason(kind, term, entry, core) for (kind, term), entry in ranked)


def _reason(kind: str, term: str, entry: _Found, core: str) -> MatchReason:
    parts = [core[min(entry.starts) : max(entry.ends)]] if entry.starts else []
    via = " ".join(dict.fromkeys(parts + entry.vias))
    return MatchReason(kind, term, "" if via == term else via)


def _best_match(views: Sequence[FieldView], concept: Concept) -> tuple[float, Alternative, FieldView] | None:
    best: tuple[float, Alternative, FieldView] | None = None
    for alternative in concept.alternatives:
        for view in views:
            value = _value(alternative, view) * alternative.factor
            value *= CLASS_WEIGHTS[view.field.field_class]
            if value > 0 and (best is None or value > best[0]):
                best = (value, alternative, view)
    return best


def _value(alternative: Alternative, view: FieldView) -> float:
    if alternative.channel == INITIALS:
        return quality_of(alternative.term, view.initials) if view.initials else 0.0
    tokens = _tokens(alternative.channel, view)
    pairs = zip(alternative.units, alternative.weights, strict=True)
    matched = sum(weight for unit, weight in pairs if any(t in tokens for t in unit))
    return matched / alternative.mass if alternative.mass else 0.0


def _tokens(channel: str, view: FieldView) -> frozenset | set:
    if channel == CHAR:
        return set(view.grams) | set(view.chars)
    if channel == SOUND:
        return frozenset().union(*view.sounds) if view.sounds else frozenset()
    return view.words


def _term(alternative: Alternative, view: FieldView, kind: str) -> str:
    if kind == "synonym" and alternative.channel == CHAR:
        return alternative.term
    if kind in _SNIPPET_KINDS or (view.field.field_class != NAME and not view.field.english):
        snippet = _snippet(alternative, view)
        if snippet:
            return snippet
    if view.field.field_class != NAME and view.field.english:
        wanted = {t for u in alternative.units for t in u}
        return " ".join(dict.fromkeys(w for w in ascii_words(view.text) if stem(w) in wanted))
    return view.field.text


def _snippet(alternative: Alternative, view: FieldView) -> str:
    """The longest stretch of the field's characters that the alternative matched."""
    marked = [False] * len(view.chars)
    if alternative.channel == INITIALS:
        at = view.initials.find(alternative.term)
        positions = [i for i, c in enumerate(view.chars) if c != " "]
        for i in positions[at : at + len(alternative.term)] if at >= 0 else ():
            marked[i] = True
    else:
        wanted = {t for u in alternative.units for t in u}
        for i, (gram, sounds) in enumerate(zip(view.grams, view.sounds, strict=True)):
            if gram and (gram in wanted or sounds & wanted):
                marked[i] = marked[i + 1] = True
    return _longest_run(view.chars, marked)


def _longest_run(text: str, marked: list[bool]) -> str:
    best, start = "", None
    for i, flag in enumerate([*marked, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            best = max(best, text[start:i], key=len)
            start = None
    return best
