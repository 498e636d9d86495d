"""Delivery over HTTP to the sandbox department system, for every department of the demo.

POST <base_url>/applications with the entry's Idempotency-Key (a notice about an application:
POST <base_url>/notices, with its kind). 2xx -> receipt; 408, 425,
429 and 5xx, timeouts and refused connections -> `Retryable` (with the Retry-After the
department sent); any other 4xx -> `Rejected` with the department's error text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar

import httpx

from core.applications.delivery.base import (
    DeliveryPlugin,
    DeliveryReceipt,
    OutboxEntryView,
    Rejected,
    Retryable,
    retry_after_seconds,
)
from core.applications.delivery.notices import is_notice
from core.applications.delivery.registry import Registry
from core.integrations.errors import DEFAULT_TIMEOUT, DepartmentUnavailable, unavailable_on_transport_errors

DEFAULT_URL = "http://127.0.0.1:8735"
RETRYABLE_CLIENT_ERRORS = frozenset({408, 425, 429})


class SandboxDepartmentPlugin(DeliveryPlugin):
    verbose_name: ClassVar[str] = "sandbox department system (HTTP)"

    def __init__(
        self, department_code: str, base_url: str = DEFAULT_URL, timeout: httpx.Timeout = DEFAULT_TIMEOUT
    ) -> None:
        super().__init__(department_code)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def deliver(self, entry: OutboxEntryView, client: httpx.Client) -> DeliveryReceipt:
        body = {
            "application_id": entry.application_id,
            "department": entry.department,
            "payload": entry.payload,
        }
        path = "/applications"
        if is_notice(entry.kind):
            body["kind"], path = entry.kind, "/notices"
        try:
            with unavailable_on_transport_errors(self.department_code):
                response = client.post(
                    f"{self.base_url}{path}",
                    json=body,
                    headers={"Idempotency-Key": entry.idempotency_key},
                    timeout=self.timeout,
                )
        except DepartmentUnavailable as error:
            raise Retryable(error.reason) from error
        return _receipt(response)


def _receipt(response: httpx.Response) -> DeliveryReceipt:
    status = response.status_code
    if response.is_success:
        reference = _json(response).get("reference")
        if not isinstance(reference, str) or not reference.strip():
            raise Retryable(f"answered HTTP {status} without a reference")
        return DeliveryReceipt(reference)
    if status in RETRYABLE_CLIENT_ERRORS or response.is_server_error:
        wait = retry_after_seconds(response.headers.get("Retry-After"), _server_now(response))
        raise Retryable(f"answered HTTP {status}", retry_after=wait)
    if response.is_client_error:
        error = _json(response).get("error")
        raise Rejected(f"HTTP {status}: {error if isinstance(error, str) else response.reason_phrase}")
    raise Retryable(f"answered HTTP {status}")


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _server_now(response: httpx.Response) -> datetime:
    """The department's own clock (its Date header) for an HTTP-date Retry-After, so skew
    between the two machines does not shorten or stretch the wait."""
    try:
        moment = parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError, IndexError):
        return datetime.now(UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def register_sandbox_departments(
    registry: Registry, department_codes: Iterable[str], base_url: str = DEFAULT_URL
) -> Registry:
    """Deliver to the sandbox department system for each code not already in `registry`."""
    for code in department_codes:
        if code not in registry:
            registry.add(SandboxDepartmentPlugin(code, base_url))
    return registry
