"""Every back-office page builds its component tree (what `reflex` compiles), so a broken
page is found by the unit tests, not only by the e2e build."""

from __future__ import annotations

import pytest
import reflex as rx

from editor.pages import ALL_PAGE_MODULES
from editor.registry import PAGES

assert ALL_PAGE_MODULES  # importing the pages registers them


@pytest.mark.parametrize("spec", PAGES, ids=[spec.route for spec in PAGES])
def test_page_builds(spec) -> None:
    page = spec.component()
    assert isinstance(page, rx.Component)
    assert "skip-link" in str(page.render())  # inside the back-office shell


@pytest.mark.parametrize("route", ["/editor", "/editor/items/[code]"])
def test_idle_warning_leads_to_the_editor_login(route: str) -> None:
    spec = next(spec for spec in PAGES if spec.route == route)
    assert "/editor/login?error=expired" in str(spec.component().render())


@pytest.mark.parametrize(
    "route", ["/editor", "/editor/items/[code]", "/editor/items/[code]/preview", "/editor/bundles/new"]
)
def test_gated_pages_say_not_allowed_and_loading(route: str) -> None:
    rendered = str(next(spec for spec in PAGES if spec.route == route).component().render())
    assert 'id:"not-allowed"' in rendered and 'role:"alert"' in rendered
    assert "Loading" in rendered and "'\"allowed\"'" in rendered and "'\"denied\"'" in rendered
