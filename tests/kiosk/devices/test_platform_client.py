"""The agent's platform client: signed requests the registry accepts, retries, refusals."""

from __future__ import annotations

import json

import httpx
import pytest

from core.identity.id_card import IdCard
from core.identity.terminals import TerminalAuthError
from core.services import terminal_registry
from core.settings import REPO_ROOT
from kiosk.devices.id_card_reader import load_cards
from kiosk.devices.platform_client import Backoff, PlatformClient, PlatformRefused, PlatformUnavailable

BASE = "http://platform.test"
CARD = load_cards(REPO_ROOT / "data" / "devices" / "id_cards.yaml")["yang-lijuan"]


@pytest.fixture
def kiosk(seeded_env: str) -> tuple[str, str]:
    new = terminal_registry().register("kiosk", "新华区政务服务大厅", "kiosk-test-01")
    return new.terminal.id, new.key


def _verifying(answers: list[httpx.Response], seen: list[httpx.Request]):
    """A transport that checks every request's signature with the real registry, then answers."""

    def handle(request: httpx.Request) -> httpx.Response:
        try:
            terminal_registry().verify_request(
                request.method, request.url.raw_path.decode(), request.content, request.headers
            )
        except TerminalAuthError as error:
            return httpx.Response(401, json={"code": error.code, "detail": str(error)})
        seen.append(request)
        return answers.pop(0) if answers else httpx.Response(202, json={"id": len(seen)})

    return httpx.MockTransport(handle)


def _client(kiosk: tuple[str, str], transport: httpx.MockTransport, sleeps: list[float]) -> PlatformClient:
    return PlatformClient(BASE, *kiosk, http=httpx.Client(transport=transport), sleep=sleeps.append)


def test_qr_and_card_events_are_signed_and_carry_the_read(kiosk: tuple[str, str]) -> None:
    seen: list[httpx.Request] = []
    client = _client(kiosk, _verifying([], seen), [])
    assert client.send_qr("https://ywtb.pds.gov.cn/s/X1") == 1
    assert client.send_card(CARD) == 2
    bodies = [json.loads(request.content) for request in seen]
    assert bodies[0] == {"kind": "qr", "text": "https://ywtb.pds.gov.cn/s/X1"}
    assert bodies[1]["kind"] == "id_card" and IdCard.from_record(bodies[1]["card"]) == CARD
    assert all(r.url.path == "/terminal/v1/events" for r in seen)


def test_pair_returns_an_absolute_url(kiosk: tuple[str, str]) -> None:
    answers = [httpx.Response(200, json={"url": "/terminal/pair/abc"})]
    client = _client(kiosk, _verifying(answers, []), [])
    assert client.pair() == "http://platform.test/terminal/pair/abc"


def test_platform_errors_are_retried_with_backoff_and_fresh_signatures(kiosk: tuple[str, str]) -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    answers = [httpx.Response(503), httpx.Response(502), httpx.Response(202, json={"id": 7})]
    assert _client(kiosk, _verifying(answers, seen), sleeps).send_qr("A") == 7
    assert sleeps == [0.5, 1.0]
    nonces = {request.headers["X-Yiwang-Nonce"] for request in seen}
    assert len(nonces) == 3  # each try signed afresh: the registry would refuse a replayed nonce


def test_unreachable_platform_gives_up_after_the_window(kiosk: tuple[str, str]) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    sleeps: list[float] = []
    client = _client(kiosk, httpx.MockTransport(down), sleeps)
    with pytest.raises(PlatformUnavailable, match="ConnectError"):
        client.send_qr("A")
    assert sleeps == Backoff().delays() and sum(sleeps) <= 25
    assert sleeps[:4] == [0.5, 1.0, 2.0, 4.0] and max(sleeps) == 8.0


def test_a_replayed_answer_to_a_fresh_request_is_retried_signed_afresh(kiosk: tuple[str, str]) -> None:
    """The platform's nonce store restarted around the request: for about a second it refuses
    what it cannot vouch for, and the client (which never reuses a signature) tries again."""
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    forgotten = httpx.Response(
        401, json={"code": "replayed", "detail": "sent before the nonce store restarted"}
    )
    answers = [forgotten, httpx.Response(401, json={"code": "replayed"})]
    assert _client(kiosk, _verifying(answers, seen), sleeps).send_qr("A") == 3
    assert sleeps == [0.5, 1.0]
    assert len({request.headers["X-Yiwang-Nonce"] for request in seen}) == 3


def test_refusals_are_not_retried(kiosk: tuple[str, str]) -> None:
    sleeps: list[float] = []
    answers = [httpx.Response(422, json={"code": "bad_event", "detail": "no"})]
    with pytest.raises(PlatformRefused) as refused:
        _client(kiosk, _verifying(answers, []), sleeps).send_qr("A")
    assert (refused.value.status, refused.value.code, sleeps) == (422, "bad_event", [])


def test_a_wrong_key_is_refused_by_the_registry(kiosk: tuple[str, str]) -> None:
    wrong = (kiosk[0], "A" * 43)
    with pytest.raises(PlatformRefused) as refused:
        _client(wrong, _verifying([], []), []).send_qr("A")
    assert refused.value.code == "bad_signature"


def test_a_revoked_terminal_is_refused(kiosk: tuple[str, str]) -> None:
    terminal_registry().revoke(kiosk[0])
    with pytest.raises(PlatformRefused) as refused:
        _client(kiosk, _verifying([], []), []).send_qr("A")
    assert refused.value.code == "revoked"
