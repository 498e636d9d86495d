"""The partner API served for real (uvicorn on a loopback port), called over HTTP: each forged,
replayed, late, revoked or cross-branch request is refused with problem JSON and audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session, select

from bank_terminal.client import BankApiError, BankClient
from core.audit import AuditEvent
from core.db import get_engine
from core.identity.terminals import TerminalAuth, sign_request
from core.services import terminal_registry

API = "/api/bank/v1"


def _audited(database_url: str, action: str, reason: str) -> AuditEvent:
    with Session(get_engine(database_url)) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()
    matching = [e for e in events if e.detail.get("reason") == reason]
    assert matching, f"no {action} event with reason {reason}"
    return matching[-1]


def _problem(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code and body["status"] == status and body["title"]
    return body


def test_unsigned_request_is_refused_and_audited(live_server: str, terminals, seeded_env: str) -> None:
    _problem(httpx.get(f"{live_server}{API}/ping"), 401, "missing_header")
    assert _audited(seeded_env, "bank.api", "missing_header").channel == "bank"


def test_bad_signature_is_refused(live_server: str, terminals, seeded_env: str) -> None:
    terminal = terminals["x"]
    wrong_key = terminal_registry().register("bank", terminal.branch, "bank-stolen-99").key
    headers = sign_request(terminal.id, wrong_key, "GET", f"{API}/ping", b"")
    _problem(httpx.get(f"{live_server}{API}/ping", headers=headers), 401, "bad_signature")
    _audited(seeded_env, "terminal.request", "bad_signature")


def test_a_changed_body_is_refused(live_server: str, terminals) -> None:
    terminal = terminals["x"]
    headers = sign_request(terminal.id, terminal.key, "POST", f"{API}/teller/login", b'{"username": "a"}')
    body = b'{"username": "b", "password": "x", "code": "1"}'
    _problem(
        httpx.post(f"{live_server}{API}/teller/login", content=body, headers=headers), 401, "body_mismatch"
    )


def test_replayed_nonce_is_refused(live_server: str, terminals, seeded_env: str) -> None:
    terminal = terminals["x"]
    headers = sign_request(terminal.id, terminal.key, "GET", f"{API}/ping", b"")
    first = httpx.get(f"{live_server}{API}/ping", headers=headers)
    assert first.status_code == 200 and first.json() == {"terminal": terminal.id, "branch": terminal.branch}
    _problem(httpx.get(f"{live_server}{API}/ping", headers=headers), 401, "replayed")
    assert _audited(seeded_env, "bank.api", "replayed").terminal == ""  # not authenticated: no terminal named


def test_skewed_clock_is_refused(live_server: str, terminals, seeded_env: str) -> None:
    terminal = terminals["x"]
    late = datetime.now(UTC) - timedelta(minutes=5)
    headers = sign_request(terminal.id, terminal.key, "GET", f"{API}/ping", b"", now=late)
    _problem(httpx.get(f"{live_server}{API}/ping", headers=headers), 401, "clock_skew")
    _audited(seeded_env, "terminal.request", "clock_skew")


def test_revoked_terminal_is_refused(live_server: str, terminals, seeded_env: str) -> None:
    terminal = terminals["y"]
    with httpx.Client(base_url=live_server, auth=TerminalAuth(terminal.id, terminal.key)) as http:
        assert http.get(f"{API}/ping").status_code == 200
        terminal_registry().revoke(terminal.id)
        _problem(http.get(f"{API}/ping"), 401, "revoked")
    _audited(seeded_env, "terminal.request", "revoked")


def test_a_kiosk_key_cannot_use_the_bank_api(live_server: str, seeded_env: str) -> None:
    kiosk = terminal_registry().register("kiosk", "新华区政务服务中心", "kiosk-xinhua-01")
    with httpx.Client(base_url=live_server, auth=TerminalAuth(kiosk.terminal.id, kiosk.key)) as http:
        _problem(http.get(f"{API}/ping"), 403, "wrong_terminal")


def test_without_a_teller_nothing_but_ping_works(live_server: str, terminals) -> None:
    with (
        BankClient(live_server, terminals["x"].id, terminals["x"].key) as client,
        pytest.raises(BankApiError) as refused,
    ):
        client.items()
    assert (refused.value.status, refused.value.code) == (401, "teller_required")


def test_teller_login_refusals(live_server: str, terminals, tellers, seeded_env: str) -> None:
    with BankClient(live_server, terminals["x"].id, terminals["x"].key) as client:
        with pytest.raises(BankApiError) as wrong:
            client.log_in(tellers["x"].username, "wrong password!", tellers["x"].code())
        assert wrong.value.code == "teller_login_failed"
        with pytest.raises(BankApiError) as editor:
            client.log_in(tellers["ed"].username, "teller password 2026", tellers["ed"].code())
        assert (editor.value.status, editor.value.code) == (403, "not_a_teller")
        with pytest.raises(BankApiError) as malformed:
            client._call("POST", "/teller/login", {"username": "x"})
        assert malformed.value.code == "bad_request" and "password" in malformed.value.fields


def test_a_teller_token_works_only_on_its_own_terminal(live_server: str, terminals, tellers) -> None:
    with BankClient(live_server, terminals["x"].id, terminals["x"].key) as at_x:
        at_x.log_in(tellers["x"].username, "teller password 2026", tellers["x"].code())
        assert at_x.items()[0]["most_asked"] is True
        with BankClient(live_server, terminals["y"].id, terminals["y"].key) as at_y:
            at_y.teller_token = at_x.teller_token
            with pytest.raises(BankApiError) as refused:
                at_y.items()
    assert refused.value.code == "teller_required"


def test_openapi_documents_every_operation(live_server: str) -> None:
    spec = httpx.get(f"{live_server}{API}/openapi.json").json()
    assert spec["info"]["title"].startswith("yiwang")
    for path in (
        "/teller/login",
        "/customers",
        "/consents",
        "/drafts",
        "/drafts/{draft_id}/submit",
        "/applications/{application_id}",
        "/items",
    ):
        assert path in spec["paths"], path
    assert "Problem" in json.dumps(spec["components"])


def test_a_customer_token_works_only_on_the_terminal_that_identified_them(
    live_server: str, terminals, tellers, citizen
) -> None:
    from tests.bank.conftest import card_record

    with (
        BankClient(live_server, terminals["x"].id, terminals["x"].key) as at_x,
        BankClient(live_server, terminals["y"].id, terminals["y"].key) as at_y,
    ):
        at_x.log_in(tellers["x"].username, "teller password 2026", tellers["x"].code())
        at_y.log_in(tellers["y"].username, "teller password 2026", tellers["y"].code())
        at_x.identify(card=card_record(citizen))
        at_y.customer_token = at_x.customer_token
        with pytest.raises(BankApiError) as refused:
            at_y.ask_consent(["200070003000"])
    assert (refused.value.status, refused.value.code) == (401, "customer_required")


def test_too_many_failed_teller_logins_at_one_terminal_are_slowed(
    live_server: str, terminals, tellers
) -> None:
    from core.settings import RateLimits

    with BankClient(live_server, terminals["x"].id, terminals["x"].key) as client:
        codes = []
        for attempt in range(RateLimits().staff_failures_per_client + 1):
            with pytest.raises(BankApiError) as refused:
                client.log_in(f"nobody{attempt}", "wrong password!", "000000")
            codes.append(refused.value.code)
    assert codes[0] == "teller_login_failed" and codes[-1] == "teller_rate_limited"
