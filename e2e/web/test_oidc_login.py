"""A resident logs in through the province's unified identity service: from /login to the
(real, sandbox) issuer's page, picks a fictional resident, and lands on /account with the
real name already confirmed and the ID number masked. A cancelled login, and a callback
carried into another browser (login CSRF), end on /login with a message."""

import re
from urllib.parse import urljoin

import httpx
from playwright.sync_api import Page, expect

RESIDENT = ("李秀英", "410402197207280242")  # not the resident test_login.py binds by SMS login
OTHER_RESIDENT = "王志强"


def _open_provincial_login(page: Page) -> None:
    page.goto("/login")
    page.get_by_role("link", name="用河南省统一身份认证登录").click()
    expect(page.get_by_role("heading", name="河南省统一身份认证")).to_be_visible()


def test_login_with_the_provincial_identity_service(page: Page) -> None:
    _open_provincial_login(page)
    page.get_by_label(RESIDENT[0]).check()
    page.get_by_role("button", name="登录 · Log in").click()

    expect(page).to_have_url(re.compile(r"/account/?$"))
    profile = page.locator("#profile")
    expect(profile).to_contain_text(RESIDENT[0])
    expect(profile).to_contain_text(RESIDENT[1][:3] + "*" * 11 + RESIDENT[1][-4:])
    assert RESIDENT[1] not in page.content()
    expect(page.get_by_role("button", name="显示电子身份码")).to_be_visible()  # real name confirmed
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["yiwang_session"]["httpOnly"] is True
    assert "yiwang_oidc_state" not in cookies


def test_cancelling_at_the_provider_returns_to_login(page: Page) -> None:
    _open_provincial_login(page)
    page.get_by_role("button", name="取消 · Cancel").click()
    expect(page).to_have_url(re.compile(r"/login/?\?error=oidc$"))
    expect(page.get_by_role("alert")).to_contain_text("统一身份认证登录没有成功")


def _callback_started_elsewhere(app_url: str) -> str:
    """An attacker's own login, stopped at the callback URL they would lure a victim to."""
    with httpx.Client(timeout=10) as attacker:
        authorize = attacker.get(f"{app_url}/auth/oidc/start").headers["location"]
        page = attacker.get(authorize).text
        fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page))
        resident = re.search(rf'value="(\w+)" required> {OTHER_RESIDENT}', page).group(1)
        answer = attacker.post(
            urljoin(authorize, "/authorize"), data=fields | {"resident": resident, "decision": "allow"}
        )
    assert answer.status_code == 303 and "code=" in answer.headers["location"]
    return answer.headers["location"]


def test_a_callback_from_another_browser_is_refused(page: Page, app_url: str) -> None:
    page.goto(_callback_started_elsewhere(app_url))
    expect(page).to_have_url(re.compile(r"/login/?\?error=oidc$"))
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login/?$"))
