"""Why a document matched: one MatchReason per distinct (kind, term), strongest first.

Each concept of the query is credited to the field that matches it best; between equally
good fields the one matching more of the query wins, so "身份证丢了" is explained by the
keyword 身份证丢了 rather than by two half-matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.guide.search.channels import quality_of
from core.guide.search.english import stem
from core.guide.search.normalise import ascii_words
from core.guide.search.postings import CLASS_WEIGHTS, DETAIL, SUMMARY
from core.guide.search.query import CHAR, INITIALS, Alternative, Concept
from core.guide.search.results import MatchReason
from core.guide.search.views import DocView, FieldView

MAX_REASONS = 4
MIN_SHARE = 0.2  # of the strongest reason's weight
_SNIPPET_KINDS = frozenset({"typo", "pinyin", "initials"})
Match = tuple[float, Alternative, FieldView]


@dataclass
class _Group:
    kind: str
    view: FieldView
    weight: float = 0.0
    alternatives: list[Alternative] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    vias: list[str] = field(default_factory=list)


def reasons(doc: DocView, plan: Sequence[Concept], core: str) -> tuple[MatchReason, ...]:
    matches = [_matches(doc, concept) for concept in plan]
    totals: dict[int, float] = {}
    for found in matches:
        for value, _, view in found:
            totals[id(view)] = totals.get(id(view), 0.0) + value
    groups: dict[tuple[str, str], _Group] = {}
    for concept, found in zip(plan, matches, strict=True):
        if not found:
            continue
        value, alternative, view = max(found, key=lambda m: (m[0], totals[id(m[2])], -len(m[2].text)))
        kind = alternative.kind or view.field.kind
        key = (kind, alternative.term if _is_term(alternative) else str(id(view)))
        group = groups.setdefault(key, _Group(kind, view))
        group.weight += value * concept.mass
        group.alternatives.append(alternative)
        if concept.start >= 0:
            group.spans.append((concept.start, concept.start + len(concept.via)))
        else:
            group.vias.append(concept.via)
    return _ranked([_reason(group, core) for group in groups.values()], [g.weight for g in groups.values()])


def _ranked(found: list[MatchReason], weights: list[float]) -> tuple[MatchReason, ...]:
    merged: dict[tuple[str, str], tuple[float, MatchReason]] = {}
    for reason, weight in zip(found, weights, strict=True):
        key = (reason.kind, reason.term)
        if key not in merged or weight > merged[key][0]:
            merged[key] = (weight + merged.get(key, (0.0, reason))[0], reason)
    ordered = sorted(merged.values(), key=lambda pair: -pair[0])[:MAX_REASONS]
    return tuple(reason for weight, reason in ordered if weight >= ordered[0][0] * MIN_SHARE)


def _reason(group: _Group, core: str) -> MatchReason:
    term = _term(group)
    parts = [core[min(s for s, _ in group.spans) : max(e for _, e in group.spans)]] if group.spans else []
    via = " ".join(dict.fromkeys(parts + group.vias))
    return MatchReason(group.kind, term, "" if via == term else via)


def _matches(doc: DocView, concept: Concept) -> list[Match]:
    """The best-valued alternative in each field that matches the concept at all."""
    best: dict[int, Match] = {}
    for alternative in concept.alternatives:
        searchable = alternative.channel != INITIALS
        if searchable and doc.tokens(alternative.channel).isdisjoint(alternative.tokens):
            continue  # nothing of it in this document
        for view in doc.fields:
            if searchable and view.tokens(alternative.channel).isdisjoint(alternative.tokens):
                continue
            value = _value(alternative, view) * alternative.factor * CLASS_WEIGHTS[view.field.field_class]
            if value > 0 and (id(view) not in best or value > best[id(view)][0]):
                best[id(view)] = (value, alternative, view)
    return list(best.values())


def _value(alternative: Alternative, view: FieldView) -> float:
    if alternative.channel == INITIALS:
        return quality_of(alternative.term, view.initials) if view.chars else 0.0
    tokens = view.tokens(alternative.channel)
    pairs = zip(alternative.units, alternative.weights, strict=True)
    matched = sum(weight for unit, weight in pairs if any(t in tokens for t in unit))
    return matched / alternative.mass if alternative.mass else 0.0


def _term(group: _Group) -> str:
    view, kind = group.view, group.kind
    if _is_term(group.alternatives[0]):
        return group.alternatives[0].term
    if view.field.english:
        if view.field.field_class in (DETAIL, SUMMARY):
            wanted = {t for a in group.alternatives for t in a.tokens}
            return " ".join(dict.fromkeys(w for w in ascii_words(view.text) if stem(w) in wanted))
        return view.field.text
    if kind in _SNIPPET_KINDS or view.field.field_class in (DETAIL, SUMMARY):
        return _snippet(group.alternatives, view) or view.field.text
    return view.field.text


def _is_term(alternative: Alternative) -> bool:
    """A glossary term standing in for what was typed (a synonym, or spelt by its initials)."""
    return alternative.channel == CHAR and alternative.kind in ("synonym", "initials")


def _snippet(alternatives: list[Alternative], view: FieldView) -> str:
    """The longest stretch of the field's characters that the alternatives matched."""
    marked = [False] * len(view.chars)
    for alternative in alternatives:
        if alternative.channel == INITIALS:
            at = view.initials.find(alternative.term)
            positions = [i for i, c in enumerate(view.chars) if c != " "]
            for i in positions[at : at + len(alternative.term)] if at >= 0 else ():
                marked[i] = True
            continue
        for i, (gram, sounds) in enumerate(zip(view.grams, view.sounds, strict=True)):
            if gram and (gram in alternative.tokens or not sounds.isdisjoint(alternative.tokens)):
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
