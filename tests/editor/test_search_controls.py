"""The work list and the bundle builder search with one control, and a refused handler
answers the same way on every back-office page."""

from __future__ import annotations

from editor.access import Access, refusal
from editor.pages import ALL_PAGE_MODULES
from editor.registry import PAGES
from editor.worklist import QUERY_MAX, searched_query

assert ALL_PAGE_MODULES  # importing the pages registers them


def _rendered(route: str) -> str:
    return str(next(spec for spec in PAGES if spec.route == route).component().render())


def test_both_pages_use_the_same_search_field_with_their_own_ids() -> None:
    for route, field_id in (("/editor", "worklist-query"), ("/editor/bundles/new", "bundle-query")):
        rendered = _rendered(route)
        assert f"'id:\"{field_id}\"', 'maxLength:{QUERY_MAX}', 'name:\"query\"'" in rendered, route
        assert "search-row" in rendered and 'role:"search"' in rendered


def test_searched_query_is_normalised_and_capped() -> None:
    assert searched_query({"query": "  Marriage   Registration "}) == "marriage registration"
    assert searched_query({}) == ""
    assert len(searched_query({"query": "x" * 500})) == QUERY_MAX


def test_refusal_sends_only_the_sessionless_to_the_login() -> None:
    assert "/editor/login" in str(refusal(Access.NO_SESSION))
    assert refusal(Access.DENIED) is None
    assert refusal(Access.ALLOWED.value) is None
