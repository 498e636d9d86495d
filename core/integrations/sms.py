"""Sending text messages: the `SmsGateway` port, the HTTP gateway and an in-memory fake.

`HttpSmsGateway` posts {"phone", "text"} to `<base_url>/messages` (the sandbox sink, or
a real gateway with the same contract) with an explicit timeout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import httpx

from core.integrations.errors import (
    DEFAULT_TIMEOUT,
    DepartmentRejected,
    check_response,
    unavailable_on_transport_errors,
)

DEPARTMENT = "sms"
_MOBILE = re.compile(r"1[0-9]{10}")


def is_mobile_number(phone: str) -> bool:
    """11 digits starting with 1, the shape every mainland mobile number has."""
    return bool(_MOBILE.fullmatch(phone))


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Send `text` to `phone`; raises `DepartmentUnavailable` or `DepartmentRejected`."""
        ...


class HttpSmsGateway:
    def __init__(self, client: httpx.Client, base_url: str, timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/messages"
        self._timeout = timeout

    def send(self, phone: str, text: str) -> None:
        with unavailable_on_transport_errors(DEPARTMENT):
            response = self._client.post(
                self._url, json={"phone": phone, "text": text}, timeout=self._timeout
            )
        check_response(DEPARTMENT, response)


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str


class InMemorySmsGateway:
    """Records what was sent, for unit tests; refuses a bad number like the sink does."""

    def __init__(self) -> None:
        self.sent: list[SentSms] = []

    def send(self, phone: str, text: str) -> None:
        if not is_mobile_number(phone):
            raise DepartmentRejected(DEPARTMENT, 422, "phone must be 11 digits starting with 1")
        self.sent.append(SentSms(phone, text))

    def texts_to(self, phone: str) -> list[str]:
        """Texts sent to `phone`, newest first (like the sink's listing)."""
        return [sms.text for sms in reversed(self.sent) if sms.phone == phone]
