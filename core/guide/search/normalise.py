"""Text normalisation shared by the index and the queries.

One function turns any text into the form both sides are compared in: NFKC (full-width to
half-width), lower case, traditional and variant characters to simplified, quotes and
brackets dropped, other punctuation to single spaces. Query-only steps (question fillers)
live here too, next to the segmenting helpers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_RUN = re.compile(f"[{CJK}]+")
ASCII_WORD = re.compile(r"[a-z]+|[0-9]+")
_NON_WORD = re.compile(r"[\W_]+")
# Quotes and brackets join what they surround: 新生儿出生“一件事” -> 新生儿出生一件事.
_JOINERS = "\"'‘’“”「」『』《》〈〉()[]{}【】〔〕〖〗"


def make_table(variants: Mapping[str, str]) -> dict[int, str | None]:
    """str.translate table: variant characters to simplified ones, joiners removed."""
    table: dict[int, str | None] = {ord(char): target for char, target in variants.items()}
    table.update({ord(char): None for char in _JOINERS})
    return table


def normalise(text: str, table: Mapping[int, str | None]) -> str:
    """Canonical comparable form of `text` (idempotent)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.lower().translate(table)
    return _NON_WORD.sub(" ", text).strip()


def cjk_runs(text: str) -> list[str]:
    """Runs of Chinese characters, in order."""
    return CJK_RUN.findall(text)


def ascii_words(text: str) -> list[str]:
    """Latin words and numbers, in order."""
    return ASCII_WORD.findall(text)


def bigrams(run: str) -> list[str]:
    """Character bigrams of one run; a one-character run is its own unit."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def strip_fillers(
    text: str,
    phrases: Mapping[str, tuple[str, ...]],
    particles: frozenset[str],
    vocabulary: Container[str],
) -> str:
    """Remove question words and particles from a normalised query.

    `phrases` (by first character, longest first) always go; a one-character particle stays
    when it forms a bigram the catalogue uses with a neighbour (个 in 个体户, 吧 in 网吧). If
    nothing would be left, the text is returned unchanged.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        phrase = next((p for p in phrases.get(text[i], ()) if text.startswith(p, i)), None)
        if phrase:
            i += len(phrase)
            continue
        char = text[i]
        if char in particles and not _joins_word(text, i, vocabulary):
            i += 1
            continue
        out.append(char)
        i += 1
    stripped = " ".join("".join(out).split())
    return stripped or text


def _joins_word(text: str, i: int, vocabulary: Container[str]) -> bool:
    left = text[i - 1 : i + 1] if i > 0 else ""
    right = text[i : i + 2] if i + 1 < len(text) else ""
    return (len(left) == 2 and left in vocabulary) or (len(right) == 2 and right in vocabulary)
