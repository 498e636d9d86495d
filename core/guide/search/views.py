"""Per-field token views of one document, built on demand for reranking and reasons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.guide.search import pinyin
from core.guide.search.channels import Channels, quality_of
from core.guide.search.documents import Field
from core.guide.search.english import stems
from core.guide.search.lexicon import Lexicon
from core.guide.search.normalise import cjk_runs
from core.guide.search.postings import NAME
from core.guide.search.query import CHAR, SOUND, WORD, ParsedQuery

TYPO_TIGHTNESS = 0.85
_NONE: frozenset = frozenset()


@dataclass(frozen=True)
class FieldView:
    field: Field
    text: str  # normalised
    chars: str  # the field's Chinese characters, runs joined by spaces
    grams: tuple[str, ...]  # bigrams in order, "" where a run ends
    sounds: tuple[frozenset[int], ...]  # pinyin units of each bigram
    weights: tuple[float, ...]  # idf of each bigram
    words: frozenset[str]
    initials: str
    char_tokens: frozenset[str]  # bigrams and single characters
    sound_tokens: frozenset[int]


@dataclass(frozen=True)
class DocView:
    fields: tuple[FieldView, ...]
    names: tuple[FieldView, ...]  # the name-class fields, for tightness
    tokens: dict[str, frozenset]  # channel -> every token of the document


def doc_view(entries: Iterable[Field], lexicon: Lexicon, channels: Channels) -> DocView:
    views = tuple(field_view(f, lexicon, channels) for f in entries if f.text)
    tokens = {
        CHAR: frozenset().union(*(v.char_tokens for v in views)),
        SOUND: frozenset().union(*(v.sound_tokens for v in views)),
        WORD: frozenset().union(*(v.words for v in views)),
    }
    return DocView(views, tuple(v for v in views if v.field.field_class == NAME), tokens)


def field_view(field: Field, lexicon: Lexicon, channels: Channels) -> FieldView:
    text = lexicon.norm(field.text)
    words = frozenset(stems(text, lexicon.stopwords))
    if field.english:
        return FieldView(field, text, "", (), (), (), words, "", _NONE, _NONE)
    runs = cjk_runs(text)
    joined = " ".join(runs)
    grams = tuple(joined[i : i + 2] if " " not in joined[i : i + 2] else "" for i in range(len(joined) - 1))
    sounds = tuple(frozenset(pinyin.units(g)) if g else _NONE for g in grams)
    weights = tuple(channels.chars.weight(g) if g else 0.0 for g in grams)
    return FieldView(
        field, text, joined, grams, sounds, weights, words, "".join(map(pinyin.initials, runs)),
        frozenset(grams) | frozenset(joined.replace(" ", "")), frozenset().union(*sounds),
    )  # fmt: skip


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


def tightness(view: DocView, query: QuerySets, channels: Channels) -> float:
    """How completely the best name-like phrase of a document is covered by the query."""
    best = 0.0
    for field in view.names:
        if field.field.english:
            if field.words & query.words:
                total = sum(channels.words.weight(w) for w in field.words)
                matched = sum(channels.words.weight(w) for w in field.words & query.words)
                best = max(best, matched / total)
            continue
        if query.chars & field.char_tokens or query.sounds & field.sound_tokens:
            best = max(best, _chinese_share(field, query))
        if query.letters and field.initials:
            best = max(best, quality_of(query.letters, field.initials))
    return best


def _chinese_share(field: FieldView, query: QuerySets) -> float:
    total = matched = 0.0
    for gram, sounds, weight in zip(field.grams, field.sounds, field.weights, strict=True):
        total += weight
        if gram in query.chars:
            matched += weight
        elif sounds & query.sounds:
            matched += weight * TYPO_TIGHTNESS
    return matched / total if total else 0.0
