"""English words: a deliberately crude stemmer, good enough to meet catalogue English.

"registration"/"register", "withdrawal"/"withdraw", "marriage"/"married" meet on one stem.
"""

from __future__ import annotations

from functools import cache

from core.guide.search.normalise import ascii_words

_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "iage", "ages", "age", "ers", "er",
    "als", "al", "ies", "ied", "ed", "es", "e", "s",
)  # fmt: skip
_STEM_LENGTH = 6


@cache
def stem(word: str) -> str:
    """Lower-case stem: strip one common suffix, keep at most six letters."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ence"):
        word = word[:-4] + "ense"  # licence / license
    for _ in range(2):
        word = _strip_suffix(word)
    if word.endswith("i") and len(word) > 4:
        word = word[:-1]
    return word[:_STEM_LENGTH]


def _strip_suffix(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


def stems(text: str, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Stems of the Latin words of a normalised text, stopwords dropped, in order."""
    return [stem(w) for w in ascii_words(text) if w not in stopwords and not w.isdigit()]
