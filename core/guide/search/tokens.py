"""Turning one normalised text into the tokens of each channel."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.guide.search import pinyin
from core.guide.search.english import stems
from core.guide.search.normalise import cjk_runs
from core.guide.search.postings import DETAIL, NAME

_HAS_LATIN = re.compile("[a-z]")
_EMPTY: frozenset = frozenset()


@dataclass(frozen=True)
class TextTokens:
    chars: frozenset[str]  # character bigrams (a one-character run is its own unit)
    name_chars: frozenset[str]  # single characters, kept for name-class fields only
    sounds: frozenset[int]  # pinyin units, for name and detail fields
    words: frozenset[str]  # English stems
    initials: str  # pinyin initials, for name fields


def text_tokens(text: str, english: bool, stopwords: frozenset[str], field_class: int = NAME) -> TextTokens:
    """Tokens of a normalised text of a field of the given class."""
    words = frozenset(stems(text, stopwords)) if english or _HAS_LATIN.search(text) else _EMPTY
    if english:
        return TextTokens(_EMPTY, _EMPTY, _EMPTY, words, "")
    runs = cjk_runs(text)
    units: set[int] = set()
    for run in runs if field_class <= DETAIL else ():
        units.update(pinyin.units(run))
    name = field_class == NAME
    return TextTokens(
        chars=frozenset(gram_set(runs)),
        name_chars=frozenset(c for run in runs if len(run) > 1 for c in run) if name else _EMPTY,
        sounds=frozenset(units),
        words=words,
        initials="".join(pinyin.initials(run) for run in runs) if name else "",
    )


def gram_set(runs: list[str]) -> set[str]:
    """All bigrams of the runs (a one-character run counts as its own unit)."""
    joined = " ".join(runs)
    grams = set(map(str.__add__, joined, joined[1:]))
    grams.difference_update([run[-1] + " " for run in runs] + [" " + run[0] for run in runs])
    grams.update(run for run in runs if len(run) == 1)
    return grams
