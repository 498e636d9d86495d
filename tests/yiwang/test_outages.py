"""While PostgreSQL or Redis is down, every HTTP surface answers 503 + Retry-After (never 500),
in its own error format, and accepts nothing. The outage is real: the settings point at a port
where nothing listens, after the test's terminal was registered on the working database."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from core.identity.terminals import sign_request
from core.services import reset_services, terminal_events, terminal_registry
from core.settings import get_settings
from core.testing.local_services import free_port
from yiwang.http_app import create_http_app

EVENT = json.dumps({"kind": "qr", "text": "ABC"}).encode()


@pytest.fixture
def kiosk(seeded_env: str) -> tuple[str, str]:
    new = terminal_registry().register("kiosk", "新华区政务服务大厅", "kiosk-xinhua-01")
    return new.terminal.id, new.key


class Outage:
    """The database or Redis taken away from the services, then given back."""

    def __init__(self, storage: str) -> None:
        self.variable = "YIWANG_DATABASE_URL" if storage == "database" else "REDIS_URL"
        self.working = os.environ.get(self.variable)
        dead = free_port()
        gone = f"postgresql+psycopg://postgres@127.0.0.1:{dead}/gone" if storage == "database" else ""
        os.environ[self.variable] = gone or f"redis://127.0.0.1:{dead}/0"
        _renew()

    def end(self) -> None:
        if self.working is None:
            os.environ.pop(self.variable, None)
        else:
            os.environ[self.variable] = self.working
        _renew()


def _renew() -> None:
    get_settings.cache_clear()
    reset_services()


@pytest.fixture(params=["database", "redis"])
def outage(request: pytest.FixtureRequest, kiosk) -> Iterator[Outage]:
    """The terminal is registered on the working database first."""
    down = Outage(request.param)
    yield down
    down.end()


def _signed(terminal: tuple[str, str], method: str, path: str, body: bytes = b"") -> dict[str, str]:
    return {**sign_request(terminal[0], terminal[1], method, path, body), "content-type": "application/json"}


def _retry_after(response) -> int:
    assert response.status_code == 503, response.text
    return int(response.headers["Retry-After"])


def test_device_events_answer_503_and_nothing_is_stored(kiosk, outage: Outage) -> None:
    path = "/terminal/v1/events"
    response = TestClient(create_http_app()).post(
        path, content=EVENT, headers=_signed(kiosk, "POST", path, EVENT)
    )
    assert _retry_after(response) > 0
    assert response.json()["code"] == "service_unavailable"
    outage.end()
    assert terminal_events().take(kiosk[0]) == []


def test_mobile_api_answers_a_problem_503_in_the_callers_language(kiosk, outage: Outage) -> None:
    response = TestClient(create_http_app()).post(
        "/api/mobile/v1/auth/sms-code", json={"phone": "13800138000"}, headers={"Accept-Language": "zh-CN"}
    )
    assert _retry_after(response) > 0
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (problem["status"], problem["code"], problem["retry_after"]) == (503, "service_unavailable", 5)
    assert "不会丢失" in problem["detail"]


def test_bank_partner_api_answers_a_problem_503(kiosk, outage: Outage) -> None:
    path = "/api/bank/v1/items"
    response = TestClient(create_http_app()).get(path, headers=_signed(kiosk, "GET", path))
    assert _retry_after(response) > 0
    assert response.json()["code"] == "service_unavailable"
