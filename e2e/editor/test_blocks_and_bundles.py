"""Content blocks and bundles go through review like guides. An editor writes a content block
and sends it for review: guides do not show it until a reviewer, in their own browser,
approves it. A reviewer composes a life-event bundle (the merged form and the documents asked
once shown as items are picked) and publishes it now with a reason, exactly as typed on
screen: citizens see it at once and it stays flagged until reviewed. Both pages pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

SLUG = "hall-xinhua"
BUNDLE = "YJS951"


def _editor_drafts_a_block(page: Page, axe_clean) -> None:
    page.get_by_role("link", name="内容块").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("内容块")
    page.get_by_label("名称（例如 hall-xinhua）").fill(SLUG)
    page.get_by_label("标题", exact=True).fill("新华区政务服务大厅")
    page.get_by_label("正文（中文）").fill("新华区建设路 1 号，工作日 9:00-17:00")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#guide-notice")).to_have_text("草稿已保存为新版本。")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#guide-status")).to_have_text("审核中")
    expect(page.get_by_role("button", name="批准并发布")).to_have_count(0)  # editors cannot approve
    expect(page.locator("#blocks")).not_to_contain_text(SLUG)  # not published yet
    axe_clean(page)


def _reviewer_approves_the_block(page: Page) -> None:
    page.get_by_role("link", name="内容块").click()
    entry = page.locator("#entries li", has_text=SLUG)
    expect(entry).to_contain_text("审核中")
    entry.get_by_role("button", name="打开").click()
    expect(page.get_by_label("正文（中文）")).to_have_value("新华区建设路 1 号，工作日 9:00-17:00")
    page.get_by_role("button", name="批准并发布").click()
    expect(page.locator("#guide-status")).to_have_text("已发布")
    expect(page.locator("#blocks")).to_contain_text("{{block:" + SLUG + "}}")


def _reviewer_publishes_a_bundle_now(page: Page, axe_clean) -> None:
    page.get_by_role("link", name="组合一件事").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("组合一件事")
    page.get_by_label("按名称或编码查找事项").fill("身份证")
    page.get_by_label("按名称或编码查找事项").press("Enter")
    choices = page.locator("#bundle-choices li")
    expect(choices.first).to_be_visible()
    for index in (0, 1):
        choices.nth(index).get_by_role("checkbox").click()
        expect(choices.nth(index).get_by_role("checkbox")).to_be_checked()
    expect(page.locator("#bundle-chosen-count")).to_have_text("已选 2 个事项")
    expect(page.locator("#bundle-fields li").first).to_be_visible()
    expect(page.locator("#bundle-materials-summary")).to_contain_text("份材料，原来要交")
    fields = {
        "一件事编码（YJS 加 3 位数字）": BUNDLE,
        "事项名称": "身份证“一件事”",
        "标题（中文）": "身份证的事一次办",
        "简介（中文）": "补办和换领一起办。",
        "人生事件（编号）": "identity",
        "牵头部门（编码）": "public_security",
    }
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("不经审核发布的理由").fill("新大厅开业当天就要上线")
    page.get_by_role("button", name="不经审核立即发布").click()  # never saved: what is on screen
    expect(page.locator("#guide-status")).to_have_text("已发布")
    expect(page.locator("#flagged")).to_contain_text("未经审核发布")
    axe_clean(page)


def test_blocks_wait_for_review_and_a_bundle_is_published_now(
    page: Page, accounts, log_in, log_out, axe_clean, browser, app_url
) -> None:
    page.goto("/editor/login")
    log_in(page, accounts["editor"])
    expect(page).to_have_url(re.compile(r"/editor/?$"))
    _editor_drafts_a_block(page, axe_clean)
    log_out(page)

    context = browser.new_context(base_url=app_url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/editor/login")
    log_in(page, accounts["reviewer"])
    expect(page).to_have_url(re.compile(r"/editor/?$"))
    _reviewer_approves_the_block(page)
    _reviewer_publishes_a_bundle_now(page, axe_clean)
    log_out(page)

    page.goto(f"/bundle/{BUNDLE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("身份证的事一次办")
    context.close()
