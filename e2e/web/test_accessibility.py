"""axe-core on home, results, guide and bundle pages in both languages: no serious or
critical violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PAGES = ["/", "/search?q=%E5%85%AC%E7%A7%AF%E9%87%91", "/item/070010001003", "/bundle/YJS001"]


@pytest.mark.parametrize("route", PAGES)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_serious_axe_violations(page: Page, route: str, language: str) -> None:
    page.goto(route)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if language == "en":
        page.get_by_role("button", name="Switch to English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("text=正在加载")).to_have_count(0)
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
