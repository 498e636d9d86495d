"""Building the channels of a SearchIndex from a catalogue's documents.

Each document's fields are added best class first, deduplicated with set operations so the
Python loop only touches each (token, document) pair once. Departments are indexed once as
their own small documents and expanded to their items at query time, instead of repeating
a department's words in every one of its items.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Hashable

from core.guide.catalogue import Catalogue
from core.guide.search.channels import Channels, DepartmentIndex, InitialsIndex
from core.guide.search.documents import DEPARTMENT_FIELD, Doc, Field, department_fields, fields
from core.guide.search.lexicon import Lexicon
from core.guide.search.postings import DEPARTMENT, NAME, PostingsBuilder
from core.guide.search.tokens import TextTokens, text_tokens

MIN_INITIALS = 2
_CHANNELS = ("chars", "sounds", "words")


def build_channels(catalogue: Catalogue, docs: list[Doc], lexicon: Lexicon) -> Channels:
    builder = _Builder(lexicon)
    for number, doc in enumerate(docs):
        builder.add(number, [f for f in fields(doc, catalogue) if f.field_class != DEPARTMENT_FIELD])
    return builder.channels(catalogue, docs)


class _Builder:
    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._memo: dict[tuple[str, bool, int], TextTokens] = {}
        self._postings = {name: PostingsBuilder() for name in _CHANNELS}
        self._initials: list[tuple[str, int]] = []
        self._name_grams: set[str] = set()

    def add(self, number: int, entries: list[Field]) -> None:
        by_class: dict[int, list[TextTokens]] = defaultdict(list)
        for entry in entries:
            by_class[entry.field_class].append(self._tokens(entry))
        seen: dict[str, set[Hashable]] = {name: set() for name in _CHANNELS}
        for cls in sorted(by_class):
            found = by_class[cls]
            for name in _CHANNELS:
                new = set().union(*(getattr(t, name) for t in found))
                if cls == NAME and name == "chars":
                    new.update(*(t.name_chars for t in found))
                new -= seen[name]
                self._postings[name].add(number, new, cls)
                seen[name] |= new
            if cls == NAME:
                self._name_grams.update(*(t.chars for t in found))
                self._initials += [(t.initials, number) for t in found if len(t.initials) >= MIN_INITIALS]

    def _tokens(self, entry: Field) -> TextTokens:
        key = (entry.text, entry.english, entry.field_class)
        found = self._memo.get(key)
        if found is None:
            lexicon = self._lexicon
            text = lexicon.normalise(entry.text)
            found = self._memo[key] = text_tokens(text, entry.english, lexicon.stopwords, entry.field_class)
        return found

    def channels(self, catalogue: Catalogue, docs: list[Doc]) -> Channels:
        departments = self._departments(catalogue, docs)
        count = len(docs)
        frozen = {
            name: self._postings[name].freeze(count, departments.frequencies(name)) for name in _CHANNELS
        }
        return Channels(
            chars=frozen["chars"],
            sounds=frozen["sounds"],
            words=frozen["words"],
            initials=InitialsIndex(self._initials, count),
            departments=departments,
            english_vocabulary=tuple(sorted(t for t in frozen["words"].tokens() if len(t) >= 4)),
            name_grams=frozenset(g for g in self._name_grams if len(g) == 2),
        )

    def _departments(self, catalogue: Catalogue, docs: list[Doc]) -> DepartmentIndex:
        numbers = {d.code: i for i, d in enumerate(catalogue.departments)}
        members = [array("I") for _ in catalogue.departments]
        for number, doc in enumerate(docs):
            if doc.department in numbers:
                members[numbers[doc.department]].append(number)
        postings = {name: PostingsBuilder() for name in _CHANNELS}
        for department, number in numbers.items():
            found = [self._tokens(f) for f in department_fields(catalogue, department)]
            for name in _CHANNELS:
                postings[name].add(number, set().union(*(getattr(t, name) for t in found)), DEPARTMENT)
        frozen = {name: p.freeze(len(numbers)) for name, p in postings.items()}
        return DepartmentIndex(frozen, tuple(members))
