"""Per-field token views of one document, built on demand for reranking and reasons."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.guide.search import pinyin
from core.guide.search.channels import Channels, quality_of
from core.guide.search.documents import Field
from core.guide.search.english import stems
from core.guide.search.normalise import cjk_runs
from core.guide.search.postings import NAME
from core.guide.search.query import CHAR, SOUND, WORD, ParsedQuery

TYPO_TIGHTNESS = 0.85


@dataclass(frozen=True)
class FieldView:
    field: Field
    text: str  # normalised
    chars: str  # the field's Chinese characters, runs joined by spaces
    grams: tuple[str, ...]  # bigrams in order, "" where a run ends
    sounds: tuple[frozenset[int], ...]  # pinyin units of each bigram
    words: frozenset[str]
    initials: str


def field_view(field: Field, norm: Callable[[str], str], stopwords: frozenset[str]) -> FieldView:
    text = norm(field.text)
    words = frozenset(stems(text, stopwords))
    if field.english:
        return FieldView(field, text, "", (), (), words, "")
    runs = cjk_runs(text)
    joined = " ".join(runs)
    grams = tuple(joined[i : i + 2] if " " not in joined[i : i + 2] else "" for i in range(len(joined) - 1))
    sounds = tuple(frozenset(pinyin.units(g)) if g else frozenset() for g in grams)
    return FieldView(field, text, joined, grams, sounds, words, "".join(map(pinyin.initials, runs)))


@dataclass(frozen=True)
class QuerySets:
    chars: frozenset[str]
    sounds: frozenset[int]
    words: frozenset[str]
    letters: str

    @classmethod
    def of(cls, parsed: ParsedQuery) -> QuerySets:
        tokens: dict[str, set] = {CHAR: set(), SOUND: set(), WORD: set()}
        letters = ""
        for plan in parsed.plans:
            for concept in plan:
                for alternative in concept.alternatives:
                    if alternative.channel in tokens:
                        tokens[alternative.channel].update(t for u in alternative.units for t in u)
                    else:
                        letters = alternative.term
        return cls(frozenset(tokens[CHAR]), frozenset(tokens[SOUND]), frozenset(tokens[WORD]), letters)


def tightness(views: Iterable[FieldView], query: QuerySets, channels: Channels) -> float:
    """How completely the best name-like phrase of a document is covered by the query."""
    best = 0.0
    for view in views:
        if view.field.field_class != NAME:
            continue
        if view.field.english:
            best = max(best, _share(view.words, query.words, channels.words.weight))
            continue
        best = max(best, _chinese_share(view, query, channels))
        if query.letters and view.initials:
            best = max(best, quality_of(query.letters, view.initials))
    return best


def _share(tokens: frozenset[str], wanted: frozenset[str], weight: Callable[[str], float]) -> float:
    total = sum(weight(t) for t in tokens)
    return sum(weight(t) for t in tokens if t in wanted) / total if total else 0.0


def _chinese_share(view: FieldView, query: QuerySets, channels: Channels) -> float:
    total = matched = 0.0
    for gram, sounds in zip(view.grams, view.sounds, strict=True):
        if not gram:
            continue
        weight = channels.chars.weight(gram)
        total += weight
        if gram in query.chars:
            matched += weight
        elif sounds & query.sounds:
            matched += weight * TYPO_TIGHTNESS
    return matched / total if total else 0.0
