"""The work list narrows the catalogue exactly as an editor expects: by department, by
missing English and by a substring of a code or name."""

from __future__ import annotations

import pytest

from core.guide.catalogue import Catalogue
from editor.worklist import (
    QUERY_MAX,
    EditProgress,
    WorkFilter,
    bundle_rows,
    department_options,
    has_english,
    item_rows,
    known_department,
    normalise_query,
)


@pytest.fixture
def catalogue(seed_catalogue: Catalogue) -> Catalogue:
    """The seed with the English taken off the first item and the first bundle."""
    item, bundle = seed_catalogue.items[0], seed_catalogue.bundles[0]
    return Catalogue(
        departments=seed_catalogue.departments,
        life_events=seed_catalogue.life_events,
        items=(item.model_copy(update={"plain_name_en": " ", "summary_en": ""}), *seed_catalogue.items[1:]),
        bundles=(bundle.model_copy(update={"summary_en": ""}), *seed_catalogue.bundles[1:]),
    )


def test_no_filter_lists_everything_sorted_by_code(catalogue: Catalogue) -> None:
    rows = item_rows(catalogue, WorkFilter())
    assert [r.code for r in rows] == sorted(i.code for i in catalogue.items)
    assert len(bundle_rows(catalogue, WorkFilter())) == len(catalogue.bundles)


def test_department_filter_keeps_only_that_department(catalogue: Catalogue) -> None:
    rows = item_rows(catalogue, WorkFilter(department="housing_fund"))
    expected = catalogue.items_of_department("housing_fund")
    assert {r.code for r in rows} == {i.code for i in expected} and rows
    assert {r.department for r in rows} == {catalogue.department("housing_fund").name}
    bundles = bundle_rows(catalogue, WorkFilter(department="housing_fund"))
    assert all(catalogue.bundle(b.code).lead_department == "housing_fund" for b in bundles)


def test_missing_english_keeps_entries_without_a_title_or_summary_in_english(catalogue: Catalogue) -> None:
    wanted = WorkFilter(missing_english=True)
    assert [r.code for r in item_rows(catalogue, wanted)] == [catalogue.items[0].code]
    assert [r.code for r in bundle_rows(catalogue, wanted)] == [catalogue.bundles[0].code]
    assert not has_english(catalogue.items[0]) and has_english(catalogue.items[1])


@pytest.mark.parametrize("field", ["code", "name", "plain_name"])
def test_search_is_a_substring_of_a_code_or_name(catalogue: Catalogue, field: str) -> None:
    item = catalogue.items[5]
    needle = getattr(item, field)[1:-1]
    rows = item_rows(catalogue, WorkFilter(query=needle))
    assert item.code in {r.code for r in rows}
    assert all(
        needle in f"{r.code}{r.name}{r.plain_name}{catalogue.item(r.code).plain_name_en}" for r in rows
    )


def test_search_matches_english_titles_ignoring_case(catalogue: Catalogue) -> None:
    item = next(i for i in catalogue.items if i.plain_name_en)
    rows = item_rows(catalogue, WorkFilter(query=item.plain_name_en.upper()))
    assert item.code in {r.code for r in rows}


def test_search_finds_nothing_for_a_code_that_does_not_exist(catalogue: Catalogue) -> None:
    assert item_rows(catalogue, WorkFilter(query="999999999999")) == []


def test_query_is_trimmed_and_bounded() -> None:
    assert normalise_query("  Marriage   Registration ") == "marriage registration"
    assert len(normalise_query("x" * 500)) == QUERY_MAX


def test_department_options_and_unknown_codes(catalogue: Catalogue) -> None:
    codes = [d.code for d in department_options(catalogue)]
    assert "public_security" in codes and "data_bureau" not in codes  # no items, leads no bundle
    assert known_department(catalogue, "hrss") == "hrss"
    assert known_department(catalogue, "'; drop table") == ""


def test_bundles_in_review_are_found_by_their_status(catalogue: Catalogue) -> None:
    code = catalogue.bundles[1].code
    progress = {code: EditProgress("in_review", False)}
    rows = bundle_rows(catalogue, WorkFilter(status="in_review"), progress)
    assert [(r.code, r.status) for r in rows] == [(code, "in_review")]
    assert bundle_rows(catalogue, WorkFilter(status="in_review")) == []
