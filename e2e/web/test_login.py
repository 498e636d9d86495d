"""A resident logs in with a code from the (real, sandbox) SMS sink, binds their real name
against the sandbox population register, and logs out; the session is then gone."""

import io
import re

import httpx
import pytest
import yaml
from PIL import Image
from playwright.sync_api import Page, expect
from pyzbar.pyzbar import decode

from core.db import get_engine
from core.identity.codes import CodeError, CodeVerifier
from core.identity.nonces import SqlNonceStore
from core.settings import REPO_ROOT


def _resident() -> dict:
    people = yaml.safe_load((REPO_ROOT / "data/sandbox/population.yaml").read_text("utf-8"))
    entries = people["residents"] if isinstance(people, dict) else people
    return next(p for p in entries if p.get("status", "normal") == "normal")


def _latest_code(sms_url: str, phone: str) -> str:
    messages = httpx.get(f"{sms_url}/messages", params={"phone": phone}, timeout=5).json()["messages"]
    return re.search(r"\d{6}", messages[0]["text"]).group(0)


def _kiosk_scans_once(page: Page, database_url: str) -> None:
    """Decode the QR on screen as a kiosk camera would; it verifies once, then is refused."""
    qr = page.locator("#eid-code svg")
    expect(qr).to_be_visible()
    with Image.open(io.BytesIO(qr.screenshot())) as shot:
        payload = decode(shot.convert("L"))[0].data.decode()
    verifier = CodeVerifier(SqlNonceStore(get_engine(database_url)))
    assert verifier.verify(payload, "kiosk").kind == "eid"
    with pytest.raises(CodeError) as again:
        verifier.verify(payload, "kiosk")
    assert again.value.code == "replayed"


@pytest.mark.parametrize("phone", ["13812340001"])
def test_login_bind_real_name_logout(page: Page, sms_url: str, app_database_url: str, phone: str) -> None:
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login/?$"))
    page.get_by_label("手机号码").fill(phone)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_label("短信验证码")).to_be_visible()

    page.get_by_label("短信验证码").fill("000000" if _latest_code(sms_url, phone) != "000000" else "111111")
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("验证码不对")

    page.get_by_label("短信验证码").fill(_latest_code(sms_url, phone))
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/?$"))
    expect(page.locator("#profile")).to_contain_text("138****0001")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["yiwang_session"]["httpOnly"] is True

    person = _resident()
    page.get_by_label("姓名").fill(person["name"])
    page.get_by_label("身份证号码").fill(
        person["id_number"][:-1] + ("0" if person["id_number"][-1] != "0" else "1")
    )
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_role("alert")).to_contain_text("输错")

    page.get_by_label("身份证号码").fill(person["id_number"])
    page.get_by_role("button", name="确认").click()
    profile = page.locator("#profile")
    expect(profile).to_contain_text(person["name"])
    expect(profile).not_to_contain_text(person["id_number"])
    expect(profile).to_contain_text(person["id_number"][-4:])
    assert person["id_number"] not in page.content()

    page.get_by_role("button", name="显示电子身份码").click()
    _kiosk_scans_once(page, app_database_url)

    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("用您自己的话")
    page.wait_for_load_state("networkidle")
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login/?$"))
