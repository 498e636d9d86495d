"""An editor rewrites a guide in a real Chromium and watches the checker's warnings go as the
officialese goes, previews the draft on four channels, sends it for review; a second account
(a reviewer) approves it, and the citizen web page shows the new text at once, with no
rebuild. Every editor page passes axe with no serious or critical violations."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

CODE = "070010001002"  # 居民身份证换领: no other e2e test reads it
OFFICIAL = "凡身份证有效期届满者，须依申请予以换领，行政相对人应当提交相关材料。"
PLAIN = "身份证快到期了，带上旧证去户政窗口换新的，拍照后 20 天左右拿到新证。"
TITLE = "身份证快到期了，这样换新证"


def _officialese(page: Page):
    """Officialese found in the summary (other fields of the guide may have their own)."""
    return page.locator('#findings li[data-kind="officialese"][data-field="summary"]')


def _rewrite(page: Page, axe_clean, shots) -> None:
    page.goto(f"/editor/items/{CODE}")
    expect(page.get_by_label("标题（中文）")).to_have_value("身份证过期了怎么换新的")
    page.get_by_label("简介（中文）").fill(OFFICIAL)
    expect(_officialese(page).first).to_be_visible()
    expect(_officialese(page).first.locator("mark")).to_have_text(re.compile(r"凡|须|依申请|予以"))
    assert _officialese(page).count() >= 5
    axe_clean(page)
    page.get_by_label("简介（中文）").fill(PLAIN)
    page.get_by_label("标题（中文）").fill(TITLE)
    expect(_officialese(page)).to_have_count(0)
    expect(page.locator('#findings li[data-field="summary"]')).to_have_count(0)
    page.screenshot(path=str(shots / "editor.png"), full_page=True)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#guide-notice")).to_have_text("草稿已保存为新版本。")
    expect(page.locator("#versions li")).to_have_count(2)


def _preview(page: Page, axe_clean, shots) -> None:
    page.get_by_role("link", name="在所有渠道预览").click()
    expect(page).to_have_url(re.compile(rf"/editor/items/{CODE}/preview/?$"))
    for panel in ("#preview-pc", "#preview-kiosk", "#preview-bank", "#preview-mobile"):
        expect(page.locator(panel)).to_contain_text(TITLE)
    expect(page.locator("#preview-mobile pre")).to_contain_text('"summary": "身份证快到期了')
    expect(page.locator(".kiosk-title")).to_have_css("font-weight", "700")
    page.screenshot(path=str(shots / "preview.png"), full_page=True)
    axe_clean(page)
    page.get_by_role("link", name="返回编辑").click()


def test_editor_rewrites_previews_and_a_reviewer_publishes(
    page: Page, accounts, log_in, log_out, axe_clean, tmp_path, browser, app_url
) -> None:
    shots = tmp_path
    page.goto(f"/item/{CODE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("身份证过期了怎么换新的")

    page.goto("/editor/login")
    log_in(page, accounts["editor"])
    expect(page).to_have_url(re.compile(r"/editor/?$"))
    _rewrite(page, axe_clean, shots)
    _preview(page, axe_clean, shots)
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#guide-status")).to_have_text("审核中")
    expect(page.get_by_role("button", name="批准并发布")).to_have_count(0)  # editors cannot approve
    log_out(page)

    page.goto(f"/item/{CODE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("身份证过期了怎么换新的")

    # The reviewer works in their own browser.
    context = browser.new_context(base_url=app_url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/editor/login")
    log_in(page, accounts["reviewer"])
    expect(page).to_have_url(re.compile(r"/editor/?$"))
    page.get_by_label("状态").select_option("in_review")
    expect(page.locator("#worklist-items tbody tr")).to_have_count(1)
    page.get_by_role("link", name="身份证过期了怎么换新的").click()  # the list shows what is published
    expect(page).to_have_url(re.compile(rf"/editor/items/{CODE}/?$"))
    page.get_by_role("button", name="批准并发布").click()
    expect(page.locator("#guide-notice")).to_have_text("已发布。所有渠道现在都显示新内容。")
    expect(page.locator("#guide-status")).to_have_text("已发布")
    axe_clean(page)
    log_out(page)

    page.goto(f"/item/{CODE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text(PLAIN)
    context.close()
