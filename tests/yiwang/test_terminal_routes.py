"""Device agents post signed reads and pair their terminal's browser; nothing else gets in."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from core.identity.terminals import sign_request
from core.services import audit_log, session_store, terminal_events, terminal_registry
from core.testing.factories import make_id_number
from shared_ui.session import TERMINAL_COOKIE
from yiwang.http_app import create_http_app

CARD = {
    "name": "王建国",
    "sex": "男",
    "ethnicity": "汉",
    "birth_date": "1990-03-07",
    "address": "河南省平顶山市新华区建设路1号",
    "id_number": make_id_number("410402", "19900307", "123"),
    "issuer": "平顶山市公安局新华分局",
    "valid_from": "2016-05-01",
    "valid_until": "2036-05-01",
}


@pytest.fixture
def kiosk(seeded_env: str) -> tuple[str, str]:
    new = terminal_registry().register("kiosk", "新华区政务服务大厅", "kiosk-xinhua-01")
    return new.terminal.id, new.key


def _post(client: TestClient, terminal: tuple[str, str], path: str, event: object | None) -> object:
    body = b"" if event is None else json.dumps(event, ensure_ascii=False).encode()
    headers = sign_request(terminal[0], terminal[1], "POST", path, body)
    return client.post(path, content=body, headers={**headers, "content-type": "application/json"})


def test_signed_qr_read_reaches_the_terminal(kiosk: tuple[str, str]) -> None:
    response = _post(
        TestClient(create_http_app()), kiosk, "/terminal/v1/events", {"kind": "qr", "text": "ABC"}
    )
    assert response.status_code == 202
    assert [e.payload for e in terminal_events().take(kiosk[0])] == [{"text": "ABC"}]


def test_card_read_is_validated_and_kept_whole(kiosk: tuple[str, str]) -> None:
    response = _post(
        TestClient(create_http_app()), kiosk, "/terminal/v1/events", {"kind": "id_card", "card": CARD}
    )
    assert response.status_code == 202
    (event,) = terminal_events().take(kiosk[0])
    assert event.kind == "id_card" and event.payload["id_number"] == CARD["id_number"]


def test_card_with_a_wrong_number_is_refused(kiosk: tuple[str, str]) -> None:
    bad = {**CARD, "id_number": CARD["id_number"][:-1] + ("1" if CARD["id_number"][-1] == "0" else "0")}
    response = _post(
        TestClient(create_http_app()), kiosk, "/terminal/v1/events", {"kind": "id_card", "card": bad}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "bad_id_number"
    assert bad["id_number"] not in response.text
    assert terminal_events().take(kiosk[0]) == []


@pytest.mark.parametrize("event", [{"kind": "photo"}, {"kind": "qr", "text": ""}, ["qr"], "x" * 10])
def test_malformed_events_are_refused(kiosk: tuple[str, str], event: object) -> None:
    response = _post(TestClient(create_http_app()), kiosk, "/terminal/v1/events", event)
    assert response.status_code == 422
    assert response.json()["code"] == "bad_event"


def test_unsigned_and_replayed_requests_are_refused(kiosk: tuple[str, str]) -> None:
    client = TestClient(create_http_app())
    assert (
        client.post("/terminal/v1/events", json={"kind": "qr", "text": "x"}).json()["code"]
        == "missing_header"
    )
    body = b'{"kind": "qr", "text": "x"}'
    headers = sign_request(kiosk[0], kiosk[1], "POST", "/terminal/v1/events", body)
    assert client.post("/terminal/v1/events", content=body, headers=headers).status_code == 202
    replay = client.post("/terminal/v1/events", content=body, headers=headers)
    assert (replay.status_code, replay.json()["code"]) == (401, "replayed")


def test_revoked_terminal_cannot_post(kiosk: tuple[str, str]) -> None:
    terminal_registry().revoke(kiosk[0])
    response = _post(TestClient(create_http_app()), kiosk, "/terminal/v1/events", {"kind": "qr", "text": "x"})
    assert (response.status_code, response.json()["code"]) == (401, "revoked")


def test_pairing_sets_the_terminal_cookie_once(kiosk: tuple[str, str]) -> None:
    client = TestClient(create_http_app())
    url = _post(client, kiosk, "/terminal/v1/pair", None).json()["url"]
    opened = client.get(url, follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/kiosk"
    cookie = opened.cookies[TERMINAL_COOKIE]
    active = session_store().resolve(cookie)
    assert active is not None and (active.subject_kind, active.subject_id) == ("terminal", kiosk[0])
    assert "httponly" in opened.headers["set-cookie"].lower()
    again = TestClient(create_http_app()).get(url, follow_redirects=False)
    assert (again.status_code, again.json()["code"]) == (403, "pairing_refused")
    assert audit_log().events("terminal.pair")


def test_bank_terminal_opens_the_bank_screen(seeded_env: str) -> None:
    new = terminal_registry().register("bank", "工商银行新华支行", "bank-icbc-xinhua-01")
    client = TestClient(create_http_app())
    url = _post(client, (new.terminal.id, new.key), "/terminal/v1/pair", None).json()["url"]
    assert client.get(url, follow_redirects=False).headers["location"] == "/bank"
