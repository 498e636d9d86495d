"""Parsing a resident's query into weighted concepts, each with alternative spellings.

A concept is one thing the resident asked for (a character bigram, a glossary term, an
English word, a romanised word); it counts by its idf `mass`. Its alternatives are the ways a
document can match it: literally, through a synonym, through pinyin when the characters look
mistyped, through initials. A query may have two plans (English words vs. pinyin) when it is
Latin letters; each document keeps the better plan.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from core.guide.search import pinyin
from core.guide.search.channels import Channels
from core.guide.search.english import stem
from core.guide.search.lexicon import Lexicon
from core.guide.search.normalise import ASCII_WORD, CJK_RUN, bigrams, strip_fillers

CHAR, SOUND, WORD, INITIALS = "chars", "sounds", "words", "initials"
SYNONYM_FACTOR, TYPO_FACTOR, INITIALS_FACTOR = 0.95, 0.85, 0.9
UNKNOWN_SHARE = 0.5
MAX_QUERY_CHARS = 120  # longer input is cut: a query, not a document
Unit = tuple[Hashable, ...]  # any one of these tokens


@dataclass(frozen=True)
class Alternative:
    channel: str
    kind: str  # MatchReason kind; "" = the kind of the field it matched in
    units: tuple[Unit, ...]
    weights: tuple[float, ...]
    factor: float
    term: str = ""  # the glossary term for synonyms, the letters for initials

    @cached_property
    def mass(self) -> float:
        return sum(self.weights)

    @cached_property
    def tokens(self) -> frozenset[Hashable]:
        return frozenset(t for unit in self.units for t in unit)


@dataclass(frozen=True)
class Concept:
    mass: float
    alternatives: tuple[Alternative, ...]
    via: str  # what the resident typed
    start: int = -1  # position in ParsedQuery.core, -1 for Latin words
    refines: bool = False  # only adds to documents that other concepts matched


@dataclass(frozen=True)
class ParsedQuery:
    core: str  # normalised, fillers stripped
    plans: tuple[tuple[Concept, ...], ...]
    wants_bundle: bool


def parse(query: str, lexicon: Lexicon, channels: Channels) -> ParsedQuery:
    text = lexicon.norm(query[:MAX_QUERY_CHARS])
    core = strip_fillers(text, lexicon.fillers, lexicon.particles, channels.name_grams)
    chinese: list[Concept] = []
    for match in CJK_RUN.finditer(core):
        chinese += _run_concepts(match.group(), match.start(), lexicon, channels)
    words = [w for w in ASCII_WORD.findall(core) if w.isalpha()]
    plans = [tuple(chinese + _english_concepts(words, lexicon, channels))]
    roman = _roman_concept(words, lexicon, channels)
    if roman is not None:
        plans.append((*chinese, roman))
    wants_bundle = any(marker in text for marker in lexicon.markers)
    return ParsedQuery(core, tuple(p for p in plans if p), wants_bundle)


def _run_concepts(run: str, offset: int, lexicon: Lexicon, channels: Channels) -> list[Concept]:
    spans = lexicon.synonym_spans(run)
    inside = {i for start, end, _ in spans for i in range(start, end - 1)}
    concepts = [
        _gram_concept(gram, offset + i, channels) for i, gram in enumerate(bigrams(run)) if i not in inside
    ]
    for start, end, targets in spans:
        concepts.append(_synonym_concept(run[start:end], offset + start, targets, channels))
    return concepts + _orphan_concepts(run, offset, channels)


def _orphan_concepts(run: str, offset: int, channels: Channels) -> list[Concept]:
    """A character whose bigrams both sides are unknown still says something (换 in 想换一张)."""
    if len(run) < 2:
        return []
    known = [_matchable(run[i : i + 2], channels) for i in range(len(run) - 1)]
    orphans = [
        i for i in range(len(run))
        if not (i > 0 and known[i - 1]) and not (i < len(run) - 1 and known[i]) and run[i] in channels.chars
    ]  # fmt: skip
    return [replace(_gram_concept(run[i], offset + i, channels), refines=True) for i in orphans]


def _matchable(gram: str, channels: Channels) -> bool:
    sound = pinyin.main_unit(gram)
    return gram in channels.chars or (sound is not None and sound in channels.sounds)


def _gram_concept(gram: str, start: int, channels: Channels) -> Concept:
    """One character bigram, and unless it is a common one, its pinyin (for homophone typos)."""
    idf = channels.chars.idf(gram)
    alternatives = [Alternative(CHAR, "", ((gram,),), (1.0,), 1.0)]
    mass = idf if idf is not None else channels.chars.unseen_idf
    if len(gram) == 1:
        return Concept(mass / 2, tuple(alternatives), gram, start)  # a lone character says less
    sound = pinyin.main_unit(gram) if idf is None or idf > channels.chars.common_idf else None
    sound_idf = channels.sounds.idf(sound) if sound is not None else None
    if sound_idf:
        mass = sound_idf if idf is None else mass
        alternatives.append(Alternative(SOUND, "typo", ((sound,),), (1.0,), TYPO_FACTOR))
    elif idf is None:
        mass *= UNKNOWN_SHARE  # no document has it in any spelling: likely a join of two words
    return Concept(mass, tuple(alternatives), gram, start)


def _synonym_concept(key: str, start: int, targets: tuple[str, ...], channels: Channels) -> Concept:
    literal = _char_alternative(key, "", 1.0, channels)
    alternatives = [literal]
    for target in targets:
        alternatives.append(_char_alternative(target, "synonym", SYNONYM_FACTOR, channels))
    return Concept(literal.mass, tuple(a for a in alternatives if a.units), key, start)


def _char_alternative(text: str, kind: str, factor: float, channels: Channels) -> Alternative:
    grams = [g for run in CJK_RUN.findall(text) for g in bigrams(run)]
    weights = tuple(channels.chars.weight(g) for g in grams)
    return Alternative(CHAR, kind, tuple((g,) for g in grams), weights, factor, text)


def _english_concepts(words: list[str], lexicon: Lexicon, channels: Channels) -> list[Concept]:
    kept = [w for w in words if w not in lexicon.stopwords]
    stemmed = [stem(w) for w in kept]
    spans = lexicon.english_spans(stemmed)
    inside = {i for start, end, _ in spans for i in range(start, end)}
    concepts = [_word_concept(kept[i], stemmed[i], channels) for i in range(len(kept)) if i not in inside]
    for start, end, targets in spans:
        literal = _word_alternative(stemmed[start:end], "english", 1.0, channels)
        alternatives = [literal] + [
            _word_alternative(list(t), "synonym", SYNONYM_FACTOR, channels) for t in targets
        ]
        concepts.append(Concept(literal.mass, tuple(alternatives), " ".join(kept[start:end])))
    return concepts


def _word_concept(word: str, stemmed: str, channels: Channels) -> Concept:
    literal = _word_alternative([stemmed], "english", 1.0, channels)
    alternatives = [literal]
    if channels.words.idf(stemmed) is None and len(stemmed) >= 4:
        close = process.extract(
            stemmed, channels.english_vocabulary, scorer=Levenshtein.normalized_similarity,
            score_cutoff=0.6, limit=3,
        )  # fmt: skip
        for candidate, _, _ in close:
            alternatives.append(_word_alternative([candidate], "typo", TYPO_FACTOR, channels))
    return Concept(literal.mass, tuple(alternatives), word)


def _word_alternative(stems: list[str], kind: str, factor: float, channels: Channels) -> Alternative:
    weights = tuple(channels.words.weight(s) for s in stems)
    return Alternative(WORD, kind, tuple((s,) for s in stems), weights, factor, " ".join(stems))


def _roman_concept(words: list[str], lexicon: Lexicon, channels: Channels) -> Concept | None:
    """Latin letters read as pinyin ("shenfenzheng", "shenfenzh") or initials ("sfz")."""
    letters = "".join(words)
    if not letters or len(letters) > 40:
        return None
    alternatives = []
    sound = _pinyin_alternative(letters, channels)
    if sound is not None:
        alternatives.append(sound)
    if 2 <= len(letters) <= 8:
        alternatives.append(Alternative(INITIALS, "initials", (), (), INITIALS_FACTOR, letters))
        for term, targets in lexicon.initials_terms.get(letters, ()):
            for text in (term, *targets):
                alternatives.append(_char_alternative(text, "initials", INITIALS_FACTOR, channels))
    if not alternatives:
        return None
    mass = sound.mass if sound is not None else 2 * channels.chars.unseen_idf / 3
    return Concept(mass, tuple(alternatives), " ".join(words))


def _pinyin_alternative(letters: str, channels: Channels) -> Alternative | None:
    split = pinyin.split_syllables(letters)
    if split is None:
        return None
    whole, partial = split
    ids = pinyin.folded_ids(whole)
    units: list[Unit] = [(pinyin.pair(a, b),) for a, b in pairwise(ids)]
    if partial and ids:
        units.append(tuple(pinyin.pair(ids[-1], n) for n in pinyin.completions(partial)))
    units = [u for u in units if u]
    if not units:
        return None
    weights = tuple(
        max((channels.sounds.idf(t) or 0.0 for t in unit), default=0.0) or channels.sounds.unseen_idf
        for unit in units
    )
    return Alternative(SOUND, "pinyin", tuple(units), weights, 1.0, letters)
