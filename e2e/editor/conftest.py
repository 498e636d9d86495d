"""Staff accounts for the editor e2e tests, their authenticator apps, logging in and the
axe check every editor page must pass."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from core.audit import AuditLog
from core.db import get_engine
from core.identity.staff import StaffAccounts

PASSWORD = "e2e staff password 42"


class Authenticator:
    """A staff member's phone: each code is accepted once, so use a fresh time step each login."""

    def __init__(self, username: str, secret: str) -> None:
        self.username, self._totp, self._last = username, pyotp.TOTP(secret), -1

    def _now(self) -> int:
        return self._totp.timecode(datetime.now(UTC))

    def code(self) -> str:
        while self._last >= self._now() + 1:
            time.sleep(1)
        self._last = max(self._last + 1, self._now())
        return self._totp.generate_otp(self._last)

    def wrong_code(self) -> str:
        valid = {self._totp.generate_otp(self._now() + shift) for shift in (-1, 0, 1, 2)}
        return next(code for code in ("000000", "111111", "222222") if code not in valid)


@pytest.fixture(scope="session")
def accounts(app_url: str, app_database_url: str) -> dict[str, Authenticator]:
    engine = get_engine(app_database_url)
    staff = StaffAccounts(engine, AuditLog(engine))
    made = {
        role: staff.create(f"e2e.{role}", f"E2E {role}", PASSWORD, [role])
        for role in ("editor", "teller", "reviewer")
    }
    return {role: Authenticator(new.principal.username, new.totp_secret) for role, new in made.items()}


@pytest.fixture
def log_in() -> Callable[..., None]:
    def fill(page: Page, who: Authenticator, code: str | None = None) -> None:
        page.get_by_label("用户名").fill(who.username)
        page.get_by_label("密码", exact=True).fill(PASSWORD)
        page.get_by_label("验证器应用上的 6 位动态码").fill(code or who.code())
        page.get_by_label("验证器应用上的 6 位动态码").press("Enter")

    return fill


@pytest.fixture
def log_out() -> Callable[[Page], None]:
    def leave(page: Page) -> None:
        page.goto("/editor")
        page.get_by_role("button", name="退出登录").click()
        expect(page).to_have_url(re.compile(r"/editor/login/?$"))

    return leave


@pytest.fixture
def axe_clean() -> Callable[[Page], None]:
    def check(page: Page) -> None:
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []

    return check
