"""The device agent's client of the platform's terminal API, signed with the terminal's key.

Each request is signed afresh (new timestamp and nonce), so a retry is never a replay. When
the platform is down or overloaded (connection error, timeout, 429, 5xx) a request is retried
with exponential backoff until `give_up_after` seconds: the platform drops device reads older
than 30 s anyway, so an older read is not worth sending. A refusal (401 bad key or revoked,
422 bad event) is not retried: it is raised with the platform's stable error code. The one
exception is "replayed": this client never sends a signature twice, so that answer means the
platform's nonce store restarted around the request (for about a second it refuses what it
cannot vouch for), and the request is retried like an outage, signed afresh.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx

from core.identity.id_card import IdCard
from core.identity.terminals import TerminalAuth

EVENTS_PATH = "/terminal/v1/events"
PAIR_PATH = "/terminal/v1/pair"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class PlatformRefused(Exception):
    """The platform answered no; `.code` is its error code (e.g. "revoked", "bad_id_number")."""

    def __init__(self, status: int, code: str, detail: str = "") -> None:
        super().__init__(f"{status} {code}: {detail}".strip())
        self.status = status
        self.code = code


class PlatformUnavailable(Exception):
    """The platform could not be reached (or kept failing) for the whole retry window."""


@dataclass(frozen=True)
class Backoff:
    first: float = 0.5
    factor: float = 2.0
    longest: float = 8.0
    give_up_after: float = 25.0  # events older than 30 s are dropped by the platform

    def delays(self) -> list[float]:
        delays, delay, total = [], self.first, 0.0
        while total + delay <= self.give_up_after:
            delays.append(delay)
            total += delay
            delay = min(self.longest, delay * self.factor)
        return delays


class PlatformClient:
    def __init__(
        self,
        base_url: str,
        terminal_id: str,
        key: str,
        *,
        http: httpx.Client | None = None,
        backoff: Backoff | None = None,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.terminal_id = terminal_id
        self.backoff = backoff or Backoff()
        self._sleep = sleep
        self._http = http or httpx.Client(timeout=httpx.Timeout(5.0, connect=3.0))
        self._http.auth = TerminalAuth(terminal_id, key)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PlatformClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def pair(self) -> str:
        """A single-use URL (60 s) that pairs the terminal's browser and opens its screen."""
        answer = self._post(PAIR_PATH, b"")
        return urljoin(self.base_url + "/", str(answer["url"]).lstrip("/"))

    def send_qr(self, text: str) -> int:
        return int(self._post(EVENTS_PATH, _json({"kind": "qr", "text": text}))["id"])

    def send_card(self, card: IdCard) -> int:
        return int(self._post(EVENTS_PATH, _json({"kind": "id_card", "card": card.to_record()}))["id"])

    def _post(self, path: str, body: bytes) -> dict[str, Any]:
        for delay in [*self.backoff.delays(), None]:
            try:
                response = self._http.post(
                    self.base_url + path, content=body, headers={"content-type": "application/json"}
                )
            except httpx.TransportError as error:
                problem = f"{error.__class__.__name__}"
            else:
                if response.status_code < 300:
                    return response.json()
                if response.status_code not in RETRY_STATUSES and not _nonces_lost(response):
                    raise _refusal(response)
                problem = f"HTTP {response.status_code}"
            if delay is None:
                raise PlatformUnavailable(f"{self.base_url}{path}: {problem}, giving up")
            self._sleep(delay)
        raise AssertionError("unreachable")


def _json(event: dict[str, Any]) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode()


def _nonces_lost(response: httpx.Response) -> bool:
    """A "replayed" refusal of a request this client signed afresh (see the module doc)."""
    try:
        return response.status_code == 401 and response.json().get("code") == "replayed"
    except (ValueError, AttributeError):
        return False


def _refusal(response: httpx.Response) -> PlatformRefused:
    try:
        body = response.json()
        return PlatformRefused(response.status_code, str(body.get("code")), str(body.get("detail", "")))
    except (ValueError, AttributeError):
        return PlatformRefused(response.status_code, "http_error", response.reason_phrase)
