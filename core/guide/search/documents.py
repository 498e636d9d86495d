"""What is searchable about an item or a bundle: its fields, each with a class and kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Item
from core.guide.search.postings import DEPARTMENT, DETAIL, NAME, SUMMARY

DEPARTMENT_FIELD = DEPARTMENT  # indexed once per department, not per document


class Field(NamedTuple):
    field_class: int  # NAME, DETAIL, DEPARTMENT or SUMMARY
    kind: str  # MatchReason kind when a literal match happens here
    text: str
    english: bool = False


@dataclass(frozen=True, slots=True)
class Doc:
    kind: str  # "item" or "bundle"
    source: Item | Bundle

    @property
    def department(self) -> str:
        source = self.source
        return source.department if isinstance(source, Item) else source.lead_department


def documents(catalogue: Catalogue) -> list[Doc]:
    return [Doc("item", i) for i in catalogue.items] + [Doc("bundle", b) for b in catalogue.bundles]


def fields(doc: Doc, catalogue: Catalogue) -> Iterator[Field]:
    """Every searchable text of a document, best fields first."""
    source = doc.source
    yield Field(NAME, "name", source.name)
    yield Field(NAME, "plain_name", source.plain_name)
    yield from (Field(NAME, "keyword", k) for k in source.keywords)
    yield Field(NAME, "plain_name", source.plain_name_en, english=True)
    yield from (Field(NAME, "keyword", k, english=True) for k in source.keywords_en)
    yield from _details(source, catalogue)
    yield from department_fields(catalogue, doc.department)
    yield Field(SUMMARY, "summary", source.summary)
    yield Field(SUMMARY, "summary", source.summary_en, english=True)


def department_fields(catalogue: Catalogue, code: str) -> Iterator[Field]:
    department = catalogue.find_department(code)
    if department is not None:
        for text in (department.short_name, department.name, *department.aliases):
            yield Field(DEPARTMENT, "department", text)
        yield Field(DEPARTMENT, "department", department.name_en, english=True)


def _details(source: Item | Bundle, catalogue: Catalogue) -> Iterator[Field]:
    if isinstance(source, Bundle):
        for code in source.items:
            member = catalogue.find_item(code)
            if member is not None:
                yield Field(DETAIL, "summary", member.name)
        return
    for scenario in source.scenarios:
        yield Field(DETAIL, "summary", scenario.name)
        yield Field(DETAIL, "summary", scenario.name_en, english=True)
    for faq in source.faqs:
        yield Field(DETAIL, "summary", faq.question)
