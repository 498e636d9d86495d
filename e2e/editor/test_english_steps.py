"""An editor writes an item's English steps, a reviewer publishes them, and the citizen web
page in English shows them (in Chinese it keeps the Chinese steps)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

CODE = "070040001003"  # 结婚证、离婚证丢了怎么补: no other e2e test edits it
STEPS_EN = [
    "Bring your ID card to the marriage registry.",
    "Fill in the form for a replacement certificate.",
    "Collect the new certificate on the spot.",
]


def _log_in_to_editor(page: Page, log_in, who) -> None:
    page.goto("/editor/login")
    log_in(page, who)
    expect(page).to_have_url(re.compile(r"/editor/?$"))


def _citizen_in_english(page: Page) -> None:
    """The language is kept in the browser, so citizens' English runs in its own browser."""
    page.goto(f"/item/{CODE}")
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_english_steps_written_reviewed_and_shown_to_citizens(
    page: Page, accounts, log_in, browser, app_url
) -> None:
    citizen_context = browser.new_context(base_url=app_url, locale="en-US")
    citizen = citizen_context.new_page()
    _citizen_in_english(citizen)
    expect(citizen.locator("ol.steps")).to_have_attribute("lang", "zh-CN")  # none written yet

    _log_in_to_editor(page, log_in, accounts["editor"])
    page.goto(f"/editor/items/{CODE}")
    page.get_by_label("步骤（英文，每行一步）").fill("\n".join(STEPS_EN))
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#guide-notice")).to_have_text("草稿已保存为新版本。")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#guide-status")).to_have_text("审核中")

    context = browser.new_context(base_url=app_url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    reviewer = context.new_page()
    _log_in_to_editor(reviewer, log_in, accounts["reviewer"])
    reviewer.goto(f"/editor/items/{CODE}")
    expect(reviewer.get_by_label("步骤（英文，每行一步）")).to_have_value("\n".join(STEPS_EN))
    reviewer.get_by_role("button", name="批准并发布").click()
    expect(reviewer.locator("#guide-status")).to_have_text("已发布")
    context.close()

    citizen.goto(f"/item/{CODE}")
    expect(citizen.locator("html")).to_have_attribute("lang", "en")
    expect(citizen.locator('ol.steps[lang="en"] li')).to_have_text(STEPS_EN)
    citizen.get_by_role("button", name="切换到中文").click()
    expect(citizen.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(citizen.locator('ol.steps[lang="zh-CN"] li')).to_have_count(3)
    citizen_context.close()
