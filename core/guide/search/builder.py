"""Building the channels of a SearchIndex from a catalogue's documents.

Each document's tokens are merged across its fields (a token keeps the best field class it
appears in) before one C-level append per (token, document). Texts are tokenised once and
memoised, since keywords and scenario names repeat across items. Departments are indexed
once as their own small documents and expanded to their items at query time, instead of
repeating a department's words in every one of its items.
"""

from __future__ import annotations

from array import array
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
        self._memo: dict[tuple[str, int], TextTokens] = {}  # texts repeat across documents
        self._postings = {name: PostingsBuilder() for name in _CHANNELS}
        self._initials: dict[str, list[int]] = {}
        self._name_grams: set[str] = set()

    def add(self, number: int, entries: list[Field]) -> None:
        """Add a document: each token once, with the best class of the fields holding it."""
        chars: dict[Hashable, int] = {}
        sounds: dict[Hashable, int] = {}
        words: dict[Hashable, int] = {}
        for entry in reversed(entries):  # fields() gives best first: better classes overwrite worse
            tokens = self._tokens(entry.text, entry.field_class)
            mark = number << 2 | entry.field_class
            if tokens.chars:
                chars.update(dict.fromkeys(tokens.chars, mark))
                if entry.field_class == NAME:
                    chars.update(dict.fromkeys(tokens.name_chars, mark))
            if tokens.sounds:
                sounds.update(dict.fromkeys(tokens.sounds, mark))
            if tokens.words:
                words.update(dict.fromkeys(tokens.words, mark))
            if len(tokens.initials) >= MIN_INITIALS:
                self._initials.setdefault(tokens.initials, []).append(number)
        for name, merged in zip(_CHANNELS, (chars, sounds, words), strict=True):
            self._postings[name].add_entries(merged)

    def _tokens(self, text: str, field_class: int) -> TextTokens:
        key = (text, field_class)
        found = self._memo.get(key)
        if found is None:
            lexicon = self._lexicon
            found = self._memo[key] = text_tokens(lexicon.normalise(text), lexicon.stopwords, field_class)
            if field_class == NAME:
                self._name_grams.update(found.chars)
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
            initials=InitialsIndex(self._initials),
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
            found = [self._tokens(f.text, DEPARTMENT) for f in department_fields(catalogue, department)]
            for name in _CHANNELS:
                postings[name].add(number, set().union(*(getattr(t, name) for t in found)), DEPARTMENT)
        frozen = {name: p.freeze(len(numbers)) for name, p in postings.items()}
        return DepartmentIndex(frozen, tuple(members))
