"""Every PC web route exists, is titled, and shows its heading from a direct link."""

import pytest
import yaml
from playwright.sync_api import Page, expect

from core.settings import REPO_ROOT


def _first_bundle_code() -> str:
    bundles = yaml.safe_load((REPO_ROOT / "data/catalogue/bundles/life.yaml").read_text("utf-8"))
    return bundles[0]["code"]


ROUTES = [
    ("/", "用您自己的话"),
    ("/search?q=gjj", "搜索"),
    ("/item/070010001003", "身份证丢了怎么补办"),
    ("/departments", "办事部门"),
    ("/department/public_security", "平顶山市公安局"),
    ("/life", "按人生事件找"),
    ("/life/birth", "生孩子"),
]


@pytest.mark.parametrize(("route", "heading"), ROUTES)
def test_route_is_titled_and_shows_its_heading(page: Page, route: str, heading: str) -> None:
    page.goto(route)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert page.title().strip()
    expect(page.locator("main#main")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_bundle_page_shows_merged_materials_and_savings(page: Page) -> None:
    page.goto(f"/bundle/{_first_bundle_code()}")
    expect(page.get_by_role("heading", name="能为您省下")).to_be_visible()
    expect(page.locator("table.materials tbody tr").first).to_be_visible()
    expect(page.locator(".savings")).to_contain_text("少交")
    expect(page.locator("#scan-code svg")).to_be_visible()


def test_keyboard_user_can_skip_to_content(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
