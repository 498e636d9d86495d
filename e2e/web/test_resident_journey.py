"""A resident searches in their own words, opens the guide, picks their situation, finds
the QR code, switches to English and turns on large text."""

import re

from playwright.sync_api import Page, expect

LOST_ID_CARD = "070010001003"


def test_search_to_guide_to_english_and_large_text(page: Page) -> None:
    page.goto("/")
    page.get_by_label("您要办什么事？").fill("身份证丢了怎么办")
    page.get_by_label("您要办什么事？").press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q="))
    results = page.locator("#results ~ .card-list .card-link, .card-list .card-link")
    expect(results.first).to_contain_text("身份证")
    first_three = [results.nth(i).get_attribute("href") for i in range(min(3, results.count()))]
    assert f"/item/{LOST_ID_CARD}" in first_three

    page.locator(f'a[href="/item/{LOST_ID_CARD}"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("身份证丢了怎么补办")
    materials = page.locator("table.materials")
    expect(materials).to_contain_text("居民户口簿")
    expect(materials).not_to_contain_text("监护人居民身份证")

    minor = page.get_by_label("未满 16 周岁补领")
    minor.click()
    expect(minor).to_be_checked()
    expect(materials).to_contain_text("监护人居民身份证")
    expect(materials.locator('tr[data-obtain="A"]').first).to_contain_text("免提交")

    qr = page.locator("#scan-code svg")
    expect(qr).to_be_visible()
    expect(page.locator("#scan-code")).to_contain_text(f"/s/{LOST_ID_CARD}")

    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Replace a lost ID card")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()

    lead = page.locator("p.lead")
    before = float(lead.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.get_by_role("button", name="Large text").click()
    expect(page.get_by_role("button", name="Large text")).to_have_attribute("aria-pressed", "true")
    after = float(lead.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    body = float(
        page.locator("table.materials td").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert after > before
    assert body >= 24  # 18 pt
    button_height = page.get_by_role("button", name="Large text").bounding_box()["height"]
    assert button_height >= 60


def test_scan_entry_opens_the_guide(page: Page) -> None:
    page.goto(f"/s/{LOST_ID_CARD}")
    expect(page).to_have_url(re.compile(f"/item/{LOST_ID_CARD}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("身份证丢了怎么补办")


def test_unknown_item_says_not_found(page: Page) -> None:
    page.goto("/item/999999999999")
    expect(page.get_by_role("heading", level=1)).to_have_text("没有找到")


def test_colloquial_query_without_exact_match_suggests(page: Page) -> None:
    page.goto("/search?q=zzqqxx")
    expect(page.get_by_role("status")).to_contain_text("没有完全匹配")
    expect(page.locator(".card-list .card").first).to_be_visible()
