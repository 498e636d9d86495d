"""Turning one normalised text into the tokens of each channel."""

from __future__ import annotations

import operator
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


def text_tokens(text: str, stopwords: frozenset[str], field_class: int = NAME) -> TextTokens:
    """Tokens of one normalised text of a field of the given class."""
    words = frozenset(stems(text, stopwords)) if _HAS_LATIN.search(text) else _EMPTY
    runs = cjk_runs(text)
    if not runs:
        return TextTokens(_EMPTY, _EMPTY, _EMPTY, words, "")
    units: set[int] = set()
    for run in runs if field_class <= DETAIL else ():
        units.update(pinyin.units(run))
    if field_class != NAME:
        return TextTokens(gram_set(runs), _EMPTY, frozenset(units), words, "")
    name_chars = frozenset(c for run in runs if len(run) > 1 for c in run)
    initials = "".join(map(pinyin.initials, runs))
    return TextTokens(gram_set(runs), name_chars, frozenset(units), words, initials)


def gram_set(runs: list[str]) -> frozenset[str]:
    """All bigrams of the runs (a one-character run counts as its own unit)."""
    grams: set[str] = set()
    for run in runs:
        if len(run) == 1:
            grams.add(run)
        else:
            grams.update(map(operator.add, run, run[1:]))
    return frozenset(grams)
