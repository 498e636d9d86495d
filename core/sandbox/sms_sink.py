"""The sandbox SMS gateway: records every text it is asked to send instead of sending it.

API: POST /messages {"phone", "text"} -> 201 {"id"}; GET /messages[?phone=] -> 200
{"messages": [{"id", "phone", "text", "at"}]} newest first; DELETE /messages -> 200 clears.
`read_messages` is the client of the listing API, used by `yiwang sandbox sms` and tests.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import httpx

from core.sandbox.server import HttpError, JsonApp, Request, Response, json_object, text_field

MAX_STORED = 1000
MAX_TEXT_LENGTH = 500
_MOBILE = re.compile(r"1[0-9]{10}")


@dataclass(frozen=True)
class SinkMessage:
    id: int
    phone: str
    text: str
    at: str  # ISO 8601, UTC


def _utc_now() -> datetime:
    return datetime.now(UTC)


def check_phone(phone: object) -> str:
    """An 11-digit mainland mobile number starting with 1, or a 422 error."""
    if not isinstance(phone, str) or not _MOBILE.fullmatch(phone):
        raise HttpError(422, "phone must be 11 digits starting with 1")
    return phone


class SmsSink:
    """Thread-safe store of the last `MAX_STORED` messages."""

    def __init__(self, clock: Callable[[], datetime] = _utc_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._messages: deque[SinkMessage] = deque(maxlen=MAX_STORED)
        self._next_id = 1

    def record(self, phone: str, text: str) -> SinkMessage:
        with self._lock:
            at = self._clock().isoformat(timespec="seconds")
            message = SinkMessage(self._next_id, phone, text, at)
            self._next_id += 1
            self._messages.append(message)
            return message

    def messages(self, phone: str | None = None) -> list[SinkMessage]:
        """Newest first, optionally only those sent to `phone`."""
        with self._lock:
            return [m for m in reversed(self._messages) if phone is None or m.phone == phone]

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()


def build_sms_app(sink: SmsSink) -> JsonApp:
    app = JsonApp("sms")

    def post(request: Request) -> Response:
        body = json_object(request)
        phone = check_phone(body.get("phone"))
        message = sink.record(phone, text_field(body, "text", MAX_TEXT_LENGTH))
        return Response(201, {"id": message.id})

    def get(request: Request) -> Response:
        phone = request.query.get("phone")
        listed = sink.messages(None if phone is None else check_phone(phone))
        return Response(200, {"messages": [asdict(m) for m in listed]})

    def delete(_request: Request) -> Response:
        sink.clear()
        return Response(200, {"cleared": True})

    app.add("POST", "/messages", post)
    app.add("GET", "/messages", get)
    app.add("DELETE", "/messages", delete)
    return app


def read_messages(
    client: httpx.Client, base_url: str, phone: str | None = None, timeout: float = 3.0
) -> list[SinkMessage]:
    """The messages the sink at `base_url` has recorded, newest first (raises httpx errors)."""
    params = {} if phone is None else {"phone": phone}
    response = client.get(f"{base_url.rstrip('/')}/messages", params=params, timeout=timeout)
    response.raise_for_status()
    return [SinkMessage(**item) for item in response.json()["messages"]]
