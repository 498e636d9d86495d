"""The index's lookup structures, one per channel, and the initials index."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

from core.guide.search.postings import Postings, PostingsBuilder

EXACT, NEAR_EXACT, PREFIX_BASE, SUBSTRING_BASE = 1.0, 0.95, 0.6, 0.4
AGREEMENT = 0.04  # per further matching phrase of the same document


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
        """doc -> match quality in (0, 1]: exact 1, prefix and substring less; a document
        whose several phrases match ('护照丢了', '换护照', '普通护照签发') gains a little."""
        keys = set(self._substring_keys(letters)) if len(letters) >= 3 else set()
        i = bisect_left(self._keys, letters)
        while i < len(self._keys) and self._keys[i].startswith(letters):
            keys.add(i)
            i += 1
        best: dict[int, float] = {}
        count: dict[int, int] = {}
        for key in keys:
            quality = quality_of(letters, self._keys[key])
            for doc in self._docs[self._starts[key] : self._starts[key + 1]]:
                count[doc] = count.get(doc, 0) + 1
                if quality > best.get(doc, 0.0):
                    best[doc] = quality
        return {doc: _agreed(quality, count[doc]) for doc, quality in best.items()}

    def _substring_keys(self, letters: str) -> list[int]:
        keys: set[int] | None = None
        for i in range(len(letters) - 2):
            these = {entry >> 2 for entry in self._trigrams.entries(letters[i : i + 3])}
            keys = these if keys is None else keys & these
            if not keys:
                return []
        return [key for key in keys or () if letters in self._keys[key]]


def _agreed(quality: float, phrases: int) -> float:
    if quality >= EXACT:
        return EXACT
    return min(quality + AGREEMENT * min(phrases - 1, 3), NEAR_EXACT)


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
