"""The glossary in normalised, lookup-ready form: what the query parser consults."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from core.guide.search import pinyin
from core.guide.search.english import stems
from core.guide.search.glossary import Glossary
from core.guide.search.normalise import CJK_RUN, make_table, normalise

Span = tuple[int, int, tuple[str, ...]]  # start, end, expansions (normalised)


class Lexicon:
    def __init__(self, glossary: Glossary) -> None:
        table = make_table(glossary.variants)
        self.normalise: Callable[[str], str] = lambda text: normalise(text, table)
        self.norm: Callable[[str], str] = lru_cache(maxsize=16384)(self.normalise)
        norm = self.norm
        self.fillers: dict[str, tuple[str, ...]] = {}
        for phrase in sorted({norm(p) for p in glossary.filler_phrases} - {""}, key=len, reverse=True):
            self.fillers[phrase[0]] = (*self.fillers.get(phrase[0], ()), phrase)
        self.particles = frozenset(norm(p) for p in glossary.particles if len(norm(p)) == 1)
        self.stopwords = glossary.english_stopwords
        self.markers = tuple(norm(m) for m in glossary.bundle_markers if norm(m))
        synonyms = {norm(k): tuple(norm(t) for t in v) for k, v in glossary.synonyms.items()}
        self._synonyms = _by_first_char(synonyms)
        # "yyzz" -> 营业执照 and what it stands for: initials of the glossary's own terms.
        self.initials_terms: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for key, targets in synonyms.items():
            if len(key) >= 2 and CJK_RUN.fullmatch(key):
                self.initials_terms.setdefault(pinyin.initials(key), []).append((key, targets))
        self._english: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for key, targets in glossary.english_synonyms.items():
            stemmed = tuple(stems(norm(key)))
            if stemmed:
                expansions = tuple(tuple(stems(norm(t))) for t in targets)
                self._english[stemmed] = tuple(e for e in expansions if e)
        self._english_longest = max((len(k) for k in self._english), default=0)

    def synonym_spans(self, run: str) -> list[Span]:
        """Glossary terms in a run of characters, longest first, not overlapping."""
        spans: list[Span] = []
        i = 0
        while i < len(run):
            for key, targets in self._synonyms.get(run[i], ()):
                if run.startswith(key, i):
                    spans.append((i, i + len(key), targets))
                    i += len(key)
                    break
            else:
                i += 1
        return spans

    def english_spans(self, words: list[str]) -> list[tuple[int, int, tuple[tuple[str, ...], ...]]]:
        """English glossary phrases (as stem sequences) in a list of stems."""
        spans = []
        i = 0
        while i < len(words):
            for size in range(min(self._english_longest, len(words) - i), 0, -1):
                targets = self._english.get(tuple(words[i : i + size]))
                if targets is not None:
                    spans.append((i, i + size, targets))
                    i += size
                    break
            else:
                i += 1
        return spans


def _by_first_char(
    synonyms: dict[str, tuple[str, ...]],
) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    grouped: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for key, targets in synonyms.items():
        if len(key) >= 2:
            grouped.setdefault(key[0], []).append((key, tuple(t for t in targets if t)))
    for entries in grouped.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return grouped
