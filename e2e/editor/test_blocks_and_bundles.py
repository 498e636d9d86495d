"""A reviewer writes a reusable content block and composes a life-event bundle: the merged
form and the documents asked once are shown as items are picked. Both pages pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_reviewer_writes_a_block_and_composes_a_bundle(page: Page, accounts, log_in, axe_clean) -> None:
    page.goto("/editor/login")
    log_in(page, accounts["reviewer"])
    expect(page).to_have_url(re.compile(r"/editor/?$"))

    page.get_by_role("link", name="内容块").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("内容块")
    page.get_by_label("名称（例如 hall-xinhua）").fill("hall-xinhua")
    page.get_by_label("标题", exact=True).fill("新华区政务服务大厅")
    page.get_by_label("正文（中文）").fill("新华区建设路 1 号，工作日 9:00-17:00")
    page.get_by_role("button", name="保存内容块").click()
    expect(page.get_by_role("status")).to_contain_text("内容块 hall-xinhua 已保存")
    expect(page.locator("#blocks li")).to_contain_text(["{{block:hall-xinhua}}"])
    axe_clean(page)

    page.get_by_role("link", name="组合一件事").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("组合一件事")
    page.get_by_label("按名称或编码查找事项").fill("身份证")
    page.get_by_label("按名称或编码查找事项").press("Enter")
    choices = page.locator("#bundle-choices li")
    expect(choices.first).to_be_visible()
    choices.nth(0).get_by_role("checkbox").click()
    expect(choices.nth(0).get_by_role("checkbox")).to_be_checked()
    choices.nth(1).get_by_role("checkbox").click()
    expect(choices.nth(1).get_by_role("checkbox")).to_be_checked()
    expect(page.locator("#bundle-chosen-count")).to_have_text("已选 2 个事项")
    expect(page.locator("#bundle-fields li").first).to_be_visible()
    expect(page.locator("#bundle-materials-summary")).to_contain_text("份材料，原来要交")
    axe_clean(page)
