"""Facts from department systems for 秒批 rules (housing fund centre, property register, social
insurance bureau): POST <base>/facts {"source", "id_number"}, with explicit timeouts. The ID
number travels in the body, never in the URL."""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from core.integrations.errors import (
    DEFAULT_TIMEOUT,
    DepartmentUnavailable,
    check_response,
    json_body,
    unavailable_on_transport_errors,
)


class DepartmentFacts(Protocol):
    def facts(self, source: str, id_number: str) -> dict[str, Any] | None:
        """The source's record of the person, None when it has none (DepartmentError if down)."""
        ...


class HttpDepartmentFacts:
    def __init__(self, client: httpx.Client, base_url: str, timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._timeout = timeout

    def facts(self, source: str, id_number: str) -> dict[str, Any] | None:
        with unavailable_on_transport_errors(source):
            answer = self._client.post(
                f"{self._base}/facts", json={"source": source, "id_number": id_number}, timeout=self._timeout
            )
        if answer.status_code == 404:
            return None
        check_response(source, answer)
        facts = json_body(source, answer).get("facts")
        if not isinstance(facts, dict):
            raise DepartmentUnavailable(source, "answered without facts")
        return facts
