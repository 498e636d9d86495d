"""Suggestions for a query with no hits: near misses, close spellings, then the most used."""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from core.guide.search.results import MatchReason

NEAR_MISS_FLOOR = 0.05
MAX_CLOSE = 5
FUZZY_CUTOFF = 55.0


def near_misses(cover: dict[int, float], priors: Sequence[float]) -> list[tuple[int, float]]:
    """Documents that matched part of the query, too little to count as hits."""
    partial = [(doc, value) for doc, value in cover.items() if value >= NEAR_MISS_FLOOR]
    return heapq.nlargest(MAX_CLOSE, partial, key=lambda pair: pair[1] + priors[pair[0]])


def close_spellings(
    text: str, choices: Sequence[str], owners: Sequence[int]
) -> list[tuple[int, float, MatchReason]]:
    """Documents whose name or plain name is within a small edit distance of the query."""
    if not text:
        return []
    found = process.extract(
        text, choices, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF,
        limit=MAX_CLOSE * 2,
    )  # fmt: skip
    out: list[tuple[int, float, MatchReason]] = []
    seen: set[int] = set()
    for choice, score, position in found:
        doc = owners[position]
        if doc not in seen:
            seen.add(doc)
            out.append((doc, score / 100, MatchReason("typo", choice, text)))
    return out[:MAX_CLOSE]
