"""The index's lookup structures, one per channel, and the initials index."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

from core.guide.search.postings import Postings, PostingsBuilder

EXACT, PREFIX_BASE, SUBSTRING_BASE = 1.0, 0.6, 0.4


class InitialsIndex:
    """Pinyin initials of name-class phrases ('sfz' for 身份证): exact, prefix, substring."""

    def __init__(self, docs_by_letters: dict[str, list[int]]) -> None:
        """`docs_by_letters`: initials -> documents having a name-class phrase with them."""
        self._keys = sorted(docs_by_letters)
        self._starts = array("I", [0])
        self._docs = array("I")
        trigrams = PostingsBuilder()  # trigram -> numbers of the keys holding it
        for number, letters in enumerate(self._keys):
            self._docs.extend(sorted(set(docs_by_letters[letters])))
            self._starts.append(len(self._docs))
            trigrams.add(number, {letters[i : i + 3] for i in range(len(letters) - 2)}, 0)
        self._trigrams = trigrams.freeze(len(self._keys))

    def match(self, letters: str) -> dict[int, float]:
        """doc -> match quality in (0, 1]: exact 1, prefix and substring less."""
        found: dict[int, float] = {}
        if len(letters) >= 3:
            for doc in self._substring_docs(letters):
                found[doc] = SUBSTRING_BASE
        i = bisect_left(self._keys, letters)
        while i < len(self._keys) and self._keys[i].startswith(letters):
            quality = quality_of(letters, self._keys[i])
            for doc in self._docs[self._starts[i] : self._starts[i + 1]]:
                if quality > found.get(doc, 0.0):
                    found[doc] = quality
            i += 1
        return found

    def _substring_docs(self, letters: str) -> set[int]:
        keys: set[int] | None = None
        for i in range(len(letters) - 2):
            these = {entry >> 2 for entry in self._trigrams.entries(letters[i : i + 3])}
            keys = these if keys is None else keys & these
            if not keys:
                return set()
        found: set[int] = set()
        for key in keys or ():
            if letters in self._keys[key]:
                found.update(self._docs[self._starts[key] : self._starts[key + 1]])
        return found


def quality_of(letters: str, phrase: str) -> float:
    """How well typed initials fit a phrase's initials (0 when they do not)."""
    if letters == phrase:
        return EXACT
    share = len(letters) / len(phrase)
    if phrase.startswith(letters):
        return PREFIX_BASE + (EXACT - PREFIX_BASE - 0.05) * share
    if letters in phrase:
        return SUBSTRING_BASE + (PREFIX_BASE - SUBSTRING_BASE) * share
    return 0.0


class DepartmentIndex:
    """Department names per channel, and the documents of each department."""

    def __init__(self, postings: dict[str, Postings], members: tuple[array, ...]) -> None:
        self._postings = postings
        self._members = members

    def frequencies(self, channel: str) -> dict[Hashable, int]:
        """token -> how many documents have it through their department."""
        postings = self._postings[channel]
        return {
            token: sum(len(self._members[e >> 2]) for e in postings.entries(token))
            for token in postings.tokens()
        }

    def docs(self, channel: str, token: Hashable) -> Iterator[int]:
        for entry in self._postings[channel].entries(token):
            yield from self._members[entry >> 2]


@dataclass(frozen=True)
class Channels:
    chars: Postings  # character bigrams (and unigrams of names)
    sounds: Postings  # fuzzy pinyin syllable pairs
    words: Postings  # English stems
    initials: InitialsIndex
    departments: DepartmentIndex
    english_vocabulary: tuple[str, ...]
    name_grams: frozenset[str]  # bigrams found in name-class fields (protects particles)
