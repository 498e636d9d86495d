"""The editor's work list: every item and bundle of the published catalogue as table rows,
narrowed by department, by missing English and by a name or code the editor types.

Editors look for a thing they already know, so the search is a plain substring match over
codes and names (no fuzzy ranking as on the citizen side).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Item
from core.guide.readability import check_text

QUERY_MAX = 60
STATUSES = ("draft", "in_review", "scheduled", "published")


@dataclass(frozen=True)
class WorkFilter:
    department: str = ""
    missing_english: bool = False
    query: str = ""
    status: str = ""
    no_plain_text: bool = False
    changed_since_review: bool = False
    readability_warnings: bool = False


@dataclass(frozen=True)
class EditProgress:
    """Where an item's editing stands (from the editorial workflow)."""

    status: str = "published"
    flagged: bool = False

    @property
    def changed_since_review(self) -> bool:
        return self.flagged or self.status in ("draft", "in_review")


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
    status: str = "published"
    flagged: bool = False
    warnings: int = 0
    href: str = ""


def has_english(entry: Item | Bundle) -> bool:
    """Residents reading English need at least the plain-language title and summary."""
    return bool(entry.plain_name_en.strip() and entry.summary_en.strip())


def normalise_query(query: str) -> str:
    return " ".join(query.split())[:QUERY_MAX].casefold()


def searched_query(form_data: dict) -> str:
    """The query a search form (`query_field`) sent, normalised."""
    return normalise_query(str(form_data.get("query", "")))


def _matches(entry: Item | Bundle, query: str) -> bool:
    if not query:
        return True
    texts = (entry.code, entry.name, entry.plain_name, entry.plain_name_en)
    return any(query in text.casefold() for text in texts)


def has_plain_text(entry: Item | Bundle) -> bool:
    """A plain-language title of its own (not the official name again) and a summary."""
    title = entry.plain_name.strip()
    return bool(title and title != entry.name.strip() and entry.summary.strip())


@lru_cache(maxsize=4096)
def _warnings_in(text: str) -> int:
    return check_text(text).warning_count


def readability_warnings(entry: Item | Bundle) -> int:
    texts = [entry.plain_name, entry.summary, *getattr(entry, "steps", [])]
    return sum(_warnings_in(text) for text in texts)


def _kept(entry: Item | Bundle, department: str, wanted: WorkFilter, progress: EditProgress) -> bool:
    checks = (
        not wanted.department or department == wanted.department,
        not wanted.missing_english or not has_english(entry),
        not wanted.status or progress.status == wanted.status,
        not wanted.no_plain_text or not has_plain_text(entry),
        not wanted.changed_since_review or progress.changed_since_review,
        not wanted.readability_warnings or readability_warnings(entry) > 0,
    )
    return all(checks) and _matches(entry, normalise_query(wanted.query))


def _row(catalogue: Catalogue, entry: Item | Bundle, department_code: str, progress: EditProgress) -> WorkRow:
    department = catalogue.find_department(department_code)
    return WorkRow(
        code=entry.code,
        name=entry.name,
        plain_name=entry.plain_name,
        department=department.name if department else department_code,
        department_en=department.name_en if department else department_code,
        has_english=has_english(entry),
        status=progress.status,
        flagged=progress.flagged,
        warnings=readability_warnings(entry),
        href=f"/editor/items/{entry.code}" if isinstance(entry, Item) else "",
    )


def item_rows(
    catalogue: Catalogue, wanted: WorkFilter, progress: Mapping[str, EditProgress] | None = None
) -> list[WorkRow]:
    progress = progress or {}
    return [
        _row(catalogue, item, item.department, progress.get(item.code, EditProgress()))
        for item in sorted(catalogue.items, key=lambda item: item.code)
        if _kept(item, item.department, wanted, progress.get(item.code, EditProgress()))
    ]


def bundle_rows(
    catalogue: Catalogue, wanted: WorkFilter, progress: Mapping[str, EditProgress] | None = None
) -> list[WorkRow]:
    progress = progress or {}
    return [
        _row(catalogue, bundle, bundle.lead_department, progress.get(bundle.code, EditProgress()))
        for bundle in sorted(catalogue.bundles, key=lambda bundle: bundle.code)
        if _kept(bundle, bundle.lead_department, wanted, progress.get(bundle.code, EditProgress()))
    ]


def department_options(catalogue: Catalogue) -> list[DepartmentOption]:
    """Departments that own at least one item or lead a bundle, in catalogue order."""
    used = {item.department for item in catalogue.items} | {b.lead_department for b in catalogue.bundles}
    return [DepartmentOption(d.code, d.name, d.name_en) for d in catalogue.departments if d.code in used]


def known_department(catalogue: Catalogue, code: str) -> str:
    """The code if it names a department, otherwise "" (all departments)."""
    return code if catalogue.find_department(code) is not None else ""
