"""Everyone who walks up, for whole life events: a card holder with no account opens one with
the ID card (checked against the sandbox population register) and applies; a bundle (一件事一次办)
is applied for at the kiosk, once for all, to a printed receipt."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from core.audit import AuditEvent
from core.db import get_engine
from core.identity.records import CitizenRecord
from core.testing.paper import pdf_text
from kiosk.testing import Person, card_read, verified_citizen

MEDICAL = "070060001000"  # 交居民医保（参保登记）: marked for the kiosk channel
NEWBORN = "YJS001"  # 宝宝出生后的证件一次办齐
ZHU: Person = ("朱晓燕", "410425200002291465", date(2000, 2, 29), "女")  # in the register, no account
# Sun Meiling: a resident no other e2e binds (the e2e tests share one database, and an identity
# binds to one account only: the web e2e binds Guo Jing on the phone).
SUN: Person = ("孙美玲", "410423198801011244", date(1988, 1, 1), "女")
# The newborn bundle's one form, as Sun Meiling fills it at the kiosk: every shared question once.
NEWBORN_TEXTS = {
    "宝宝姓名": "孙小宝",
    "宝宝出生日期": "2026-11-20",
    "出生医院": "平顶山市第一人民医院",
    "母亲姓名": SUN[0],
    "母亲身份证号码": SUN[1],
    "父亲姓名": "胡志刚",
    "父亲身份证号码": "41048119831111157X",
    "现居住地址": "舞钢市垭口街道建设路 8 号",
}
NEWBORN_CHOICES = {"宝宝性别": "F", "宝宝户口随谁": "mother", "社保卡领取方式": "post"}


def _no_serious_axe_violations(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == []


def _post(kiosk, event: dict) -> None:
    assert kiosk.post(event).status_code == 202


def _card(person: Person) -> dict:
    return {"kind": "id_card", "card": card_read(person).payload}


def _declare_and_submit(page: Page) -> str:
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("heading", name="核对填写内容")).to_be_visible()
    page.locator("#kiosk-declaration").click()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"\S{6,}"))
    return page.locator("#receipt-no").inner_text()


def test_a_card_holder_without_an_account_opens_one_and_applies(
    kiosk_page: Page, kiosk, app_url: str, app_database_url: str
) -> None:
    page = kiosk_page
    _post(kiosk, {"kind": "qr", "text": f"{app_url}/s/{MEDICAL}"})
    expect(page.get_by_role("heading", level=1)).to_have_text("交居民医保（参保登记）")
    _post(kiosk, _card(ZHU))
    expect(page.get_by_role("heading", name="用这张身份证开通账户")).to_be_visible()
    expect(page.locator("#kiosk-enrol-name")).to_have_text("朱*燕")
    assert ZHU[1] not in page.content()

    for digit in "13812345678":
        page.get_by_role("button", name=digit, exact=True).click()
    expect(page.locator("#kiosk-contact-phone")).to_have_text("13812345678")
    _no_serious_axe_violations(page)
    page.get_by_role("button", name="开通我的账户").click()
    expect(page.locator("#kiosk-person-name")).to_have_text("朱*燕")
    expect(page.locator("#kiosk-notice")).to_contain_text("账户已开通")
    expect(page.get_by_role("heading", level=1)).to_have_text("交居民医保（参保登记）")  # back where she was

    page.get_by_role("button", name="在这里办理").click()
    expect(page.get_by_text("138****5678")).to_be_visible()  # the number she typed, masked
    page.get_by_label("现居住地址").fill("汝州市钟楼街道广成路 6 号")
    _declare_and_submit(page)
    assert ZHU[1] not in page.content()

    with Session(get_engine(app_database_url)) as session:
        account = session.exec(select(CitizenRecord).where(CitizenRecord.id_number == ZHU[1])).one()
        bound = session.exec(
            select(AuditEvent).where(AuditEvent.action == "realname.bind", AuditEvent.terminal == kiosk.id)
        ).all()
    assert account.real_name_verified_at is not None and account.name == ZHU[0]
    assert [(b.outcome, b.channel) for b in bound] == [("ok", "kiosk-card")]


def test_a_bundle_is_applied_for_at_the_kiosk_to_a_printed_receipt(
    kiosk_page: Page, kiosk, app_url: str, app_database_url: str, print_spool: Path
) -> None:
    page = kiosk_page
    verified_citizen(app_database_url, SUN, "kiosk-e2e-sun")
    _post(kiosk, {"kind": "qr", "text": f"{app_url}/s/{NEWBORN}"})
    expect(page.get_by_role("heading", level=1)).to_contain_text("宝宝")
    _post(kiosk, _card(SUN))
    # A three-character name keeps its last character on screen.
    expect(page.locator("#kiosk-person-name")).to_have_text("孙*玲")
    page.get_by_role("button", name="在这里一次办齐").click()
    expect(page.locator("#kiosk-apply-title")).to_contain_text("宝宝")
    _no_serious_axe_violations(page)
    for label, value in NEWBORN_TEXTS.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in NEWBORN_CHOICES.items():
        page.get_by_label(label).select_option(value)
    receipt = _declare_and_submit(page)

    already = set(print_spool.glob("*.pdf")) if print_spool.exists() else set()
    page.get_by_role("button", name="打印回执").click()
    expect(page.locator("#kiosk-print-status")).to_have_text("已打印，请从下方出纸口取走回执。")
    [sheet] = set(print_spool.glob("*.pdf")) - already
    printed = pdf_text(sheet.read_bytes())
    assert receipt in printed and SUN[1] not in printed


def test_in_development_one_click_pairs_the_demo_kiosk(page: Page) -> None:
    """What `make run` prints: the link pairs this browser with the demo kiosk (dev only)."""
    page.goto("/dev/pair/kiosk")
    expect(page).to_have_url(re.compile(r"/kiosk/?$"))
    expect(page.get_by_role("heading", name="自助办事：点几下就能办")).to_be_visible()
    expect(page.get_by_role("button", name="点这里开始")).to_be_visible()
