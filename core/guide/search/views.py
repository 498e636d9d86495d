"""Per-field token views of one document, built on demand for reranking and reasons.

Views are built lazily: the characters of every field at once, the pinyin and the idf
weights only when a query needs them (typos, romanised queries, tightness).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from core.guide.search import pinyin
from core.guide.search.channels import Channels, quality_of
from core.guide.search.documents import Field
from core.guide.search.english import stems
from core.guide.search.lexicon import Lexicon
from core.guide.search.normalise import cjk_runs
from core.guide.search.postings import NAME
from core.guide.search.query import CHAR, SOUND, WORD, ParsedQuery

TYPO_TIGHTNESS = 0.85
_LATIN = re.compile("[a-z]")
_NONE: frozenset = frozenset()


@dataclass(frozen=True)
class FieldView:
    field: Field
    text: str  # normalised
    chars: str  # the field's Chinese characters, runs joined by spaces
    grams: tuple[str, ...]  # bigrams in order, "" where a run ends
    words: frozenset[str]
    char_tokens: frozenset[str]  # bigrams and single characters
    weight_of: Callable[[str], float] = field(repr=False, compare=False)

    @cached_property
    def sounds(self) -> tuple[frozenset[int], ...]:
        """Pinyin units of each bigram."""
        return tuple(frozenset(pinyin.units(g)) if g else _NONE for g in self.grams)

    @cached_property
    def sound_tokens(self) -> frozenset[int]:
        return frozenset().union(*(pinyin.units(run) for run in self.chars.split()))

    @cached_property
    def weights(self) -> tuple[float, ...]:
        """idf of each bigram."""
        return tuple(self.weight_of(g) if g else 0.0 for g in self.grams)

    @cached_property
    def initials(self) -> str:
        return "".join(map(pinyin.initials, self.chars.split()))

    def tokens(self, channel: str) -> frozenset:
        if channel == CHAR:
            return self.char_tokens
        return self.sound_tokens if channel == SOUND else self.words


@dataclass(frozen=True)
class DocView:
    fields: tuple[FieldView, ...]

    @cached_property
    def names(self) -> tuple[FieldView, ...]:
        """The name-class fields, for tightness."""
        return tuple(v for v in self.fields if v.field.field_class == NAME)

    @cached_property
    def _tokens(self) -> dict[str, frozenset]:
        return {
            CHAR: frozenset().union(*(v.char_tokens for v in self.fields)),
            WORD: frozenset().union(*(v.words for v in self.fields)),
        }

    def tokens(self, channel: str) -> frozenset:
        """Every token of the document in a channel."""
        if channel == SOUND:
            return self._sound_tokens
        return self._tokens[channel]

    @cached_property
    def _sound_tokens(self) -> frozenset:
        return frozenset().union(*(v.sound_tokens for v in self.fields))


def doc_view(entries: Iterable[Field], lexicon: Lexicon, channels: Channels) -> DocView:
    return DocView(tuple(field_view(f, lexicon, channels) for f in entries if f.text))


def field_view(entry: Field, lexicon: Lexicon, channels: Channels) -> FieldView:
    text = lexicon.norm(entry.text) if entry.field_class == NAME else lexicon.normalise(entry.text)
    words = frozenset(stems(text, lexicon.stopwords)) if _LATIN.search(text) else _NONE
    runs = [] if entry.english else cjk_runs(text)
    grams: list[str] = []
    for number, run in enumerate(runs):
        if number:
            grams += ("", "")  # the pairs across the space between two runs
        grams += map(operator.add, run, run[1:])
    joined = " ".join(runs)
    char_tokens = frozenset(grams) | frozenset(joined.replace(" ", "")) if runs else _NONE
    return FieldView(entry, text, joined, tuple(grams), words, char_tokens, channels.chars.weight)


@dataclass(frozen=True)
class QuerySets:
    chars: frozenset[str]
    sounds: frozenset[int]
    words: frozenset[str]
    letters: str

    @classmethod
    def of(cls, parsed: ParsedQuery, channels: Channels) -> QuerySets:
        """What the query has, per channel. Pinyin counts for romanised words, and for
        characters no document has (likely typos): a correct query is compared by characters."""
        tokens: dict[str, set] = {CHAR: set(), SOUND: set(), WORD: set()}
        letters = ""
        for plan in parsed.plans:
            for concept in plan:
                mistyped = concept.start >= 0 and concept.via not in channels.chars
                for alternative in concept.alternatives:
                    if alternative.channel == SOUND and not (mistyped or alternative.kind == "pinyin"):
                        continue
                    if alternative.channel in tokens:
                        tokens[alternative.channel].update(alternative.tokens)
                    else:
                        letters = alternative.term
        return cls(frozenset(tokens[CHAR]), frozenset(tokens[SOUND]), frozenset(tokens[WORD]), letters)


def tightness(view: DocView, query: QuerySets, channels: Channels) -> float:
    """How completely the best name-like phrase of a document is covered by the query."""
    best = 0.0
    for name in view.names:
        if name.field.english:
            if name.words & query.words:
                total = sum(channels.words.weight(w) for w in name.words)
                matched = sum(channels.words.weight(w) for w in name.words & query.words)
                best = max(best, matched / total)
            continue
        if not query.chars.isdisjoint(name.char_tokens) or (
            query.sounds and not query.sounds.isdisjoint(name.sound_tokens)
        ):
            best = max(best, _chinese_share(name, query))
        if query.letters and name.chars:
            best = max(best, quality_of(query.letters, name.initials))
    return best


def _chinese_share(name: FieldView, query: QuerySets) -> float:
    total = matched = 0.0
    check_sounds = bool(query.sounds)
    sounds = name.sounds if check_sounds else ((),) * len(name.grams)
    for gram, sound, weight in zip(name.grams, sounds, name.weights, strict=True):
        total += weight
        if gram in query.chars:
            matched += weight
        elif check_sounds and not query.sounds.isdisjoint(sound):
            matched += weight * TYPO_TIGHTNESS
    return matched / total if total else 0.0
