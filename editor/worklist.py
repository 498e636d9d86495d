"""The editor's work list: every item and bundle of the published catalogue as table rows,
narrowed by department, by missing English and by a name or code the editor types.

Editors look for a thing they already know, so the search is a plain substring match over
codes and names (no fuzzy ranking as on the citizen side).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Item

QUERY_MAX = 60


@dataclass(frozen=True)
class WorkFilter:
    department: str = ""
    missing_english: bool = False
    query: str = ""


@dataclass
class DepartmentOption:
    code: str = ""
    name: str = ""
    name_en: str = ""


@dataclass
class WorkRow:
    """One item or bundle in the work list; every field is a display value."""

    code: str = ""
    name: str = ""
    plain_name: str = ""
    department: str = ""
    department_en: str = ""
    has_english: bool = False


def has_english(entry: Item | Bundle) -> bool:
    """Residents reading English need at least the plain-language title and summary."""
    return bool(entry.plain_name_en.strip() and entry.summary_en.strip())


def normalise_query(query: str) -> str:
    return " ".join(query.split())[:QUERY_MAX].casefold()


def _matches(entry: Item | Bundle, query: str) -> bool:
    if not query:
        return True
    texts = (entry.code, entry.name, entry.plain_name, entry.plain_name_en)
    return any(query in text.casefold() for text in texts)


def _kept(entry: Item | Bundle, department: str, wanted: WorkFilter) -> bool:
    if wanted.department and department != wanted.department:
        return False
    if wanted.missing_english and has_english(entry):
        return False
    return _matches(entry, normalise_query(wanted.query))


def _row(catalogue: Catalogue, entry: Item | Bundle, department_code: str) -> WorkRow:
    department = catalogue.find_department(department_code)
    return WorkRow(
        code=entry.code,
        name=entry.name,
        plain_name=entry.plain_name,
        department=department.name if department else department_code,
        department_en=department.name_en if department else department_code,
        has_english=has_english(entry),
    )


def item_rows(catalogue: Catalogue, wanted: WorkFilter) -> list[WorkRow]:
    return [
        _row(catalogue, item, item.department)
        for item in sorted(catalogue.items, key=lambda item: item.code)
        if _kept(item, item.department, wanted)
    ]


def bundle_rows(catalogue: Catalogue, wanted: WorkFilter) -> list[WorkRow]:
    return [
        _row(catalogue, bundle, bundle.lead_department)
        for bundle in sorted(catalogue.bundles, key=lambda bundle: bundle.code)
        if _kept(bundle, bundle.lead_department, wanted)
    ]


def department_options(catalogue: Catalogue) -> list[DepartmentOption]:
    """Departments that own at least one item or lead a bundle, in catalogue order."""
    used = {item.department for item in catalogue.items} | {b.lead_department for b in catalogue.bundles}
    return [DepartmentOption(d.code, d.name, d.name_en) for d in catalogue.departments if d.code in used]


def known_department(catalogue: Catalogue, code: str) -> str:
    """The code if it names a department, otherwise "" (all departments)."""
    return code if catalogue.find_department(code) is not None else ""
