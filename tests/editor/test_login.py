"""Staff log in with password and a one-time authenticator code: success hands a ticket to
/auth/complete for an editor-channel staff session; every failure reads the same, a locked
account says when to try again, and the password is never kept in state."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from sqlmodel import Session

from core.db import get_engine
from core.identity.records import StaffRecord
from core.services import session_store
from core.settings import RateLimits
from editor.pages.login import EditorLoginState


@pytest.fixture
def login(as_browser: Callable) -> EditorLoginState:
    return as_browser(EditorLoginState, "")


PASSWORD = "correct horse battery"  # the password the conftest gives every staff account


def _form(username: str, code: str, password: str = PASSWORD) -> dict:
    return {"username": username, "password": password, "code": code}


def _wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def test_right_password_and_code_start_an_editor_staff_session(editor_staff, login, spec_arg) -> None:
    code = pyotp.TOTP(editor_staff.secret).now()
    script = spec_arg(EditorLoginState.log_in.fn(login, _form(f" {editor_staff.username} ", code)))
    url = urlparse(script.split("'")[1])
    assert url.path == "/auth/complete" and parse_qs(url.query)["next"] == ["/editor"]
    token, active = session_store().redeem_ticket(parse_qs(url.query)["ticket"][0])
    assert (active.subject_kind, active.subject_id, active.channel) == ("staff", "wang.editor", "editor")
    assert token and login.error == ""
    assert PASSWORD not in repr(login.dict())


@pytest.mark.parametrize(
    "form",
    [
        lambda staff, code: _form(staff.username, _wrong(code)),
        lambda staff, code: _form(staff.username, code, password="wrong password here"),
        lambda staff, code: _form("nobody.here", code),
        lambda staff, code: _form(staff.username, ""),
    ],
    ids=["wrong-code", "wrong-password", "unknown-user", "no-code"],
)
def test_every_failure_reads_the_same(editor_staff, login, form) -> None:
    result = EditorLoginState.log_in.fn(login, form(editor_staff, pyotp.TOTP(editor_staff.secret).now()))
    assert login.error == "invalid" and len(result) == 2  # password and code fields are emptied
    assert "password" not in login.dict()[login.get_full_name()]


def test_a_code_works_once(editor_staff, login) -> None:
    code = pyotp.TOTP(editor_staff.secret).now()
    EditorLoginState.log_in.fn(login, _form(editor_staff.username, code))
    EditorLoginState.log_in.fn(login, _form(editor_staff.username, code))
    assert login.error == "invalid"


def test_locked_account_says_to_wait(editor_staff, login) -> None:
    code = pyotp.TOTP(editor_staff.secret).now()
    for _ in range(RateLimits().staff_failures_per_account):
        EditorLoginState.log_in.fn(login, _form(editor_staff.username, _wrong(code)))
    EditorLoginState.log_in.fn(login, _form(editor_staff.username, code))
    assert login.error == "locked"


def test_disabled_account_loses_its_live_session(editor_staff, as_browser, seeded_env: str) -> None:
    from editor.pages.worklist import WorkListState

    token, _ = session_store().start("staff", editor_staff.username, "editor")
    with Session(get_engine(seeded_env)) as session:
        record = session.get(StaffRecord, editor_staff.username)
        record.disabled = True
        session.add(record)
        session.commit()
    state = as_browser(WorkListState, f"yiwang_editor_session={token}")
    WorkListState.load_worklist.fn(state)
    assert state.access == "no_session" and state.items == []


@pytest.mark.parametrize(("reason", "shown"), [("ticket", "ticket"), ("expired", "expired"), ("x<y>", "")])
def test_login_page_shows_only_known_reasons(as_browser, reason: str, shown: str) -> None:
    state = as_browser(EditorLoginState, "")
    state.username = "someone.before"
    state.router = type(state.router).from_router_data(
        {"headers": {}, "pathname": "/editor/login", "asPath": f"/editor/login?error={reason}"}
    )
    assert EditorLoginState.load_login.fn(state) is None
    assert state.error == shown and state.username == ""


def test_login_page_sends_a_logged_in_editor_to_the_work_list(editor_staff, as_browser, spec_arg) -> None:
    token, _ = session_store().start("staff", editor_staff.username, "editor")
    state = as_browser(EditorLoginState, f"yiwang_editor_session={token}")
    assert spec_arg(EditorLoginState.load_login.fn(state)) == "/editor"
