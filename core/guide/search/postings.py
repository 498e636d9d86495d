"""Compact inverted lists: one array of (doc << 2 | field class) per token, packed.

Documents are added in increasing number, so each token's entries are sorted by document
(scoring bisects them).
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Iterator, Mapping

# Field classes, best first, and how much a match in each counts.
NAME, DETAIL, DEPARTMENT, SUMMARY = 0, 1, 2, 3
CLASS_WEIGHTS = (1.0, 0.5, 0.35, 0.25)
_LENGTH_BITS = 32
COMMON_SHARE = 0.02


def _new_entries() -> array:
    return array("I")


class PostingsBuilder:
    def __init__(self) -> None:
        self._lists: defaultdict[Hashable, array] = defaultdict(_new_entries)

    def add(self, doc: int, tokens: Iterable[Hashable], field_class: int) -> None:
        """Record that `doc` has `tokens` (each once per document) in a field of this class."""
        self.add_entries(dict.fromkeys(tokens, doc << 2 | field_class))

    def add_entries(self, entries: Mapping[Hashable, int]) -> None:
        """Record token -> (doc << 2 | class) entries, one per token and document."""
        # A loop in C: lists[token].append(entry) for every item.
        deque(map(array.append, map(self._lists.__getitem__, entries), entries.values()), 0)

    def freeze(self, doc_count: int, extra_frequency: Mapping[Hashable, int] | None = None) -> Postings:
        data = array("I")
        spans: dict[Hashable, int] = {}
        for token, entries in self._lists.items():
            spans[token] = len(data) << _LENGTH_BITS | len(entries)
            data.extend(entries)
        self._lists = defaultdict(_new_entries)
        return Postings(data, spans, doc_count, dict(extra_frequency or {}))


class Postings:
    """Token -> documents with field classes; idf from document frequency."""

    def __init__(
        self,
        data: array,
        spans: dict[Hashable, int],
        doc_count: int,
        extra: dict[Hashable, int] | None = None,
    ) -> None:
        self._data = data
        self._spans = spans
        self._extra = extra or {}  # documents that have a token through their department
        self._doc_count = max(doc_count, 1)
        self.unseen_idf = math.log(1 + self._doc_count)
        self.common_idf = math.log(1 + 1 / COMMON_SHARE)  # tokens in more documents are common

    def __contains__(self, token: object) -> bool:
        return token in self._spans

    def tokens(self) -> Iterator[Hashable]:
        return iter(self._spans)

    def frequency(self, token: Hashable) -> int:
        span = self._spans.get(token)
        own = 0 if span is None else span & ((1 << _LENGTH_BITS) - 1)
        return min(own + self._extra.get(token, 0), self._doc_count)

    def idf(self, token: Hashable) -> float | None:
        """Inverse document frequency, or None for a token no document has."""
        df = self.frequency(token)
        return math.log(1 + self._doc_count / df) if df else None

    def weight(self, token: Hashable) -> float:
        """idf, or the idf of the rarest token for one no document has."""
        idf = self.idf(token)
        return self.unseen_idf if idf is None else idf

    def entries(self, token: Hashable) -> array:
        """Raw entries (doc << 2 | class) of a token; empty when unseen."""
        span = self._spans.get(token)
        if span is None:
            return array("I")
        start, length = span >> _LENGTH_BITS, span & ((1 << _LENGTH_BITS) - 1)
        return self._data[start : start + length]
