"""Tone-less, fuzzy pinyin for typo tolerance and romanised queries.

Every Chinese character maps to up to two readings (so 行 matches both xing and hang); each
reading is folded the way residents mistype (zh/ch/sh -> z/c/s, -ng -> -n) and interned as
a small integer. A pinyin unit is a pair of such integers, the pinyin twin of a character
bigram. ASCII queries are split into syllables ("shenfenzheng" -> shen fen zheng), the last
one possibly cut short ("shenfenzh").
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from pypinyin.pinyin_dict import pinyin_dict

_TONES = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ",
    "aaaaeeeeiiiioooouuuuvvvvvnnnm",
)
_SHIFT = 10  # syllable ids fit in 10 bits: a unit is (first << _SHIFT) | second
_MAX_READINGS = 2


def plain_reading(reading: str) -> str:
    """'zhōng' -> 'zhong'; ü is written v as on a keyboard."""
    return reading.translate(_TONES).replace("ê", "e")


def fold(syllable: str) -> str:
    """Fold the usual confusions: zh/ch/sh vs z/c/s, front vs back nasals."""
    if syllable[:2] in ("zh", "ch", "sh"):
        syllable = syllable[0] + syllable[2:]
    if syllable.endswith("ng") and len(syllable) > 2:
        syllable = syllable[:-1]
    return syllable


@cache
def syllables() -> frozenset[str]:
    """Every plain (unfolded) syllable any character can be read as."""
    found: set[str] = set()
    for readings in pinyin_dict.values():
        found.update(plain_reading(r) for r in readings.split(","))
    return frozenset(s for s in found if s.isascii() and s.isalpha())


_IDS: dict[str, int] = {}


def syllable_id(folded: str) -> int:
    return _IDS.setdefault(folded, len(_IDS) + 1)


@cache
def readings(char: str) -> tuple[str, ...]:
    """Plain readings of one character, most common first, at most two."""
    raw = pinyin_dict.get(ord(char))
    if not raw:
        return ()
    out: list[str] = []
    for reading in raw.split(","):
        plain = plain_reading(reading)
        if plain not in out:
            out.append(plain)
    return tuple(out[:_MAX_READINGS])


@cache
def char_ids(char: str) -> tuple[int, ...]:
    """Folded syllable ids of one character's readings (deduplicated)."""
    return tuple(dict.fromkeys(syllable_id(fold(r)) for r in readings(char)))


def units(run: str) -> set[int]:
    """Pinyin units (syllable-id pairs, every reading) of a run of Chinese characters."""
    out: set[int] = set()
    for left, right in pairwise(char_ids(c) for c in run):
        if len(left) == 1 and len(right) == 1:
            out.add((left[0] << _SHIFT) | right[0])
        else:
            out.update((a << _SHIFT) | b for a in left for b in right)
    return out


def main_unit(gram: str) -> int | None:
    """The unit of a two-character gram by each character's main reading (query side)."""
    left, right = char_ids(gram[0]), char_ids(gram[1])
    return (left[0] << _SHIFT) | right[0] if left and right else None


def initials(run: str) -> str:
    """First letters of each character's main reading: 身份证 -> 'sfz'."""
    return "".join(r[0][0] for r in map(readings, run) if r)


def split_syllables(letters: str) -> tuple[list[str], str] | None:
    """Split ASCII letters into whole syllables plus a possibly cut-short last one.

    Prefers fewer syllables ('xian' stays one). Returns None when it is not pinyin.
    """
    valid = syllables()
    best: list[list[str] | None] = [None] * (len(letters) + 1)
    best[0] = []
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 6), end):
            head, known = best[start], best[end]
            fewer = known is None or (head is not None and len(head) + 1 < len(known))
            if head is not None and fewer and letters[start:end] in valid:
                best[end] = [*head, letters[start:end]]
    if best[-1] is not None:
        return best[-1], ""
    for cut in range(len(letters) - 1, max(0, len(letters) - 6) - 1, -1):
        tail = letters[cut:]
        if best[cut] is not None and _is_syllable_prefix(tail):
            return best[cut], tail
    return None


def _is_syllable_prefix(tail: str) -> bool:
    return tail in _syllable_prefixes()


@cache
def _syllable_prefixes() -> frozenset[str]:
    return frozenset(s[:i] for s in syllables() for i in range(1, len(s) + 1))


def warm() -> None:
    """Compute the syllable tables now rather than on the first romanised query."""
    _syllable_prefixes()
    completions("z")


def folded_ids(plain: list[str]) -> list[int]:
    return [syllable_id(fold(s)) for s in plain]


def pair(a: int, b: int) -> int:
    return (a << _SHIFT) | b


@cache
def completions(partial: str) -> tuple[int, ...]:
    """Folded syllable ids that a cut-short syllable ('zh', 'zhe') could become."""
    head = fold(partial)
    folded = {fold(s) for s in syllables()}
    return tuple(sorted(syllable_id(f) for f in folded if f.startswith(head)))
