"""政银通办 in a real Chromium: a teller logs in at a paired bank terminal, the customer's ID
card is read (a signed id_card event), the customer consents from their own phone (a scripted
phone scans the QR on screen and calls the mobile API), the application is submitted, and when
the customer leaves nothing of them remains on the terminal; axe finds nothing serious."""

from __future__ import annotations

import io
import re
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Page, expect
from pyzbar.pyzbar import decode
from sqlmodel import Session

from core.audit import AuditLog
from core.db import get_engine
from core.identity.mobile_tokens import MobileTokens
from core.identity.records import CitizenRecord
from core.identity.sessions import SessionStore
from core.identity.staff import StaffAccounts
from core.testing.factories import make_id_number
from core.testing.paper import pdf_text

BRANCH = "工商银行新华支行"
PASSWORD = "e2e teller password 7"
PROOF_PLAIN = "查公积金、开公积金缴存证明"
NAME = "赵小梅"


@pytest.fixture(scope="module")
def teller(app_url: str, app_database_url: str) -> tuple[str, pyotp.TOTP]:
    engine = get_engine(app_database_url)
    made = StaffAccounts(engine, AuditLog(engine)).create("e2e.bank.teller", "柜员小李", PASSWORD, ["teller"])
    return made.principal.username, pyotp.TOTP(made.totp_secret)


@pytest.fixture(scope="module")
def customer(app_url: str, app_database_url: str) -> dict:
    """A resident with a real-name account in the city app, logged in on their phone."""
    engine = get_engine(app_database_url)
    citizen_id, number = uuid.uuid4().hex, make_id_number(birth="19850612", sequence="246")
    with Session(engine) as session:
        session.add(
            CitizenRecord(
                id=citizen_id,
                phone="13912340246",
                name=NAME,
                id_number=number,
                real_name_verified_at=datetime.now(UTC),
            )
        )
        session.commit()
    token = MobileTokens(engine, SessionStore(engine)).issue("citizen", citizen_id).access_token
    card = {
        "name": NAME,
        "sex": "女",
        "ethnicity": "汉",
        "birth_date": "1985-06-12",
        "address": "河南省平顶山市新华区建设路8号",
        "id_number": number,
        "issuer": "平顶山市公安局新华分局",
        "valid_from": "2015-01-01",
        "valid_until": "长期",
        "photo_jpeg": "",
    }
    return {"id_number": number, "phone_token": token, "card": card}


def _no_serious_axe_violations(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []


def _log_in(page: Page, username: str, totp: pyotp.TOTP) -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("验证器应用上的 6 位动态码").fill(totp.now())
    page.get_by_label("验证器应用上的 6 位动态码").press("Enter")


def _phone_scans_consent(page: Page) -> str:
    qr = page.locator("#consent-qr svg")
    expect(qr).to_be_visible()
    with Image.open(io.BytesIO(qr.screenshot())) as shot:
        return decode(shot.convert("L"))[0].data.decode()


def test_teller_serves_a_customer_who_consents_on_their_phone(
    page: Page, app_url: str, register_terminal, teller, customer, print_spool: Path
) -> None:
    terminal = register_terminal("bank", BRANCH)
    page.goto("/bank")
    expect(page).to_have_url(re.compile(r"/bank/login/?$"))
    expect(page.get_by_role("alert")).to_contain_text("不是已登记的银行终端")

    page.goto(terminal.pair_url())
    expect(page).to_have_url(re.compile(r"/bank/login/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("柜员登录")
    _no_serious_axe_violations(page)
    _log_in(page, *teller)
    expect(page).to_have_url(re.compile(r"/bank/?$"))
    expect(page.locator("#teller-name")).to_have_text("柜员小李")
    expect(page.get_by_role("heading", name="银行客户常办事项")).to_be_visible()
    expect(page.locator("#offers li").first).to_contain_text("个体户变更")
    _no_serious_axe_violations(page)

    assert terminal.post({"kind": "id_card", "card": customer["card"]}).status_code == 202
    expect(page.locator("#customer-name")).to_have_text("赵*梅")
    page.get_by_role("button", name=re.compile(PROOF_PLAIN)).click()
    expect(page.locator("#consent-status")).to_contain_text("正在等待客户在手机上确认")
    _no_serious_axe_violations(page)

    code = _phone_scans_consent(page)
    phone = httpx.Client(
        base_url=f"{app_url}/api/mobile/v1",
        headers={"Authorization": f"Bearer {customer['phone_token']}"},
        timeout=10,
    )
    with phone:
        asked = phone.get(f"/consents/{code}").json()
        assert asked["branch"] == BRANCH and asked["teller"] == teller[0]
        assert phone.post(f"/consents/{code}/confirm", json={"accept": True}).json()["status"] == "confirmed"

    expect(page.locator("#consent-given")).to_be_visible()
    expect(page.get_by_text(customer["id_number"])).to_have_count(0)
    page.get_by_role("button", name="代客户提交").click()
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"^\d{16}$"))
    receipt_no = page.locator("#receipt-no").inner_text()
    _no_serious_axe_violations(page)
    already = set(print_spool.glob("*.pdf")) if print_spool.exists() else set()
    page.get_by_role("button", name="打印回执").click()
    expect(page.locator("#print-status")).to_have_text("已打印，请把回执交给客户。")
    [sheet] = set(print_spool.glob("*.pdf")) - already
    printed = pdf_text(sheet.read_bytes())
    assert receipt_no in printed and customer["id_number"] not in printed
    assert customer["id_number"][-4:] in printed  # masked, not left out

    page.get_by_role("button", name="客户离开").click()
    expect(page.get_by_role("heading", name="下一位客户")).to_be_visible()
    expect(page.locator("#customer-panel")).to_have_count(0)
    html = page.content()
    for trace in (receipt_no, "赵*梅", customer["id_number"][-4:], code):
        assert trace not in html
    expect(page.locator("#teller-name")).to_have_text("柜员小李")  # the teller stays logged in
    time.sleep(1.5)  # a watcher round: the customer's card does not come back
    expect(page.locator("#customer-panel")).to_have_count(0)
    page.reload()
    expect(page.locator("#teller-name")).to_have_text("柜员小李")
    expect(page.locator("#customer-panel")).to_have_count(0)
    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Government services at this branch")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _no_serious_axe_violations(page)
    page.get_by_role("button", name="切换到中文").click()
