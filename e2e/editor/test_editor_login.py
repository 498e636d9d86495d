"""Staff log in to the editor back office with password + TOTP in a real Chromium: an
editor works the list (department, "no English yet", search by code), a wrong code is
refused, a teller is told they are not allowed, and logout returns to the login page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from core.db import get_engine
from core.guide.repository import SqlCatalogueRepository

UNTRANSLATED = "010200001000"  # the fire brigade's one item: no other e2e test opens it


@pytest.fixture
def untranslated_item(app_database_url: str) -> Iterator[str]:
    """One published item without English for a while, as when an editor has just added it."""
    repository = SqlCatalogueRepository(get_engine(app_database_url))
    original = repository.load().item(UNTRANSLATED)
    repository.add_items([original.model_copy(update={"plain_name_en": "", "summary_en": ""})], "e2e")
    yield UNTRANSLATED
    repository.add_items([original], "e2e restore")


def _rows(page: Page):
    return page.locator("#worklist-items tbody tr")


def _logout_returns_to_login(page: Page) -> None:
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/editor/login/?$"))
    assert "yiwang_editor_session" not in {c["name"] for c in page.context.cookies()}
    page.goto("/editor")
    expect(page).to_have_url(re.compile(r"/editor/login/?$"))


def test_editor_logs_in_and_works_the_list(
    page: Page, accounts, untranslated_item: str, log_in, axe_clean
) -> None:
    editor = accounts["editor"]
    page.goto("/editor")
    expect(page).to_have_url(re.compile(r"/editor/login/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("编辑后台登录")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert "Back office login" in page.title()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    axe_clean(page)

    log_in(page, editor, editor.wrong_code())
    expect(page.get_by_role("alert")).to_contain_text("用户名、密码或动态码不正确")
    expect(page.get_by_label("密码", exact=True)).to_have_value("")

    log_in(page, editor)
    expect(page).to_have_url(re.compile(r"/editor/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    assert {c["name"]: c for c in page.context.cookies()}["yiwang_editor_session"]["httpOnly"] is True
    expect(_rows(page).first).to_be_visible()
    everything = _rows(page).count()
    expect(page.locator("#worklist-count")).to_contain_text(f"{everything} 个事项")
    expect(page.locator("#worklist-bundles tbody tr").first).to_be_visible()
    axe_clean(page)

    page.get_by_label("实施部门").select_option("exit_entry")
    expect(_rows(page)).not_to_have_count(everything)
    for department in _rows(page).locator("td:nth-child(4)").all_inner_texts():
        assert "出入境" in department
    page.get_by_role("button", name="清除筛选").click()
    expect(_rows(page)).to_have_count(everything)

    page.get_by_label("还没有英文").click()
    expect(page.get_by_label("还没有英文")).to_be_checked()
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text(untranslated_item)
    expect(_rows(page).first.locator("td.english-cell")).to_have_text("否")
    page.get_by_role("button", name="清除筛选").click()
    expect(page.get_by_label("还没有英文")).not_to_be_checked()

    page.get_by_label("按名称或编码搜索").fill("070010001003")
    page.get_by_label("按名称或编码搜索").press("Enter")
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first.locator("td").first).to_have_text("070010001003")
    expect(page.locator("#worklist-count")).to_contain_text("1 个事项")

    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work list")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="切换到中文").click()
    _logout_returns_to_login(page)


def test_teller_is_told_they_are_not_allowed(page: Page, accounts, log_in) -> None:
    page.goto("/editor/login")
    log_in(page, accounts["teller"])
    expect(page).to_have_url(re.compile(r"/editor/?$"))
    expect(page.get_by_role("alert")).to_contain_text("无权编辑办事指南")
    expect(page.locator("#worklist-items")).to_have_count(0)
    _logout_returns_to_login(page)
