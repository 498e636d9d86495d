"""Real-name checks against the population register (户籍人口库).

`PopulationRegister.verify(name, id_number)` answers a `RealNameResult`. `HttpPopulationRegister`
posts to `<base_url>/verify` with an explicit timeout; the ID number travels only in the
request body, never in the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Protocol

import httpx

from core.integrations.errors import (
    DEFAULT_TIMEOUT,
    DepartmentUnavailable,
    check_response,
    json_body,
    unavailable_on_transport_errors,
)

DEPARTMENT = "population"


class RealNameResult(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    NOT_FOUND = "not_found"
    DECEASED = "deceased"


class PopulationRegister(Protocol):
    def verify(self, name: str, id_number: str) -> RealNameResult:
        """Raises `DepartmentUnavailable` when the register gives no usable answer."""
        ...


class HttpPopulationRegister:
    def __init__(self, client: httpx.Client, base_url: str, timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/verify"
        self._timeout = timeout

    def verify(self, name: str, id_number: str) -> RealNameResult:
        payload = {"name": name, "id_number": id_number}
        with unavailable_on_transport_errors(DEPARTMENT):
            response = self._client.post(self._url, json=payload, timeout=self._timeout)
        check_response(DEPARTMENT, response)
        result = json_body(DEPARTMENT, response).get("result")
        try:
            return RealNameResult(result)
        except ValueError as error:
            raise DepartmentUnavailable(DEPARTMENT, "answered with an unknown result") from error


class InMemoryPopulationRegister:
    """For unit tests: residents as {id_number: (name, status)} with status normal/deceased/cancelled."""

    def __init__(self, residents: Mapping[str, tuple[str, str]]) -> None:
        self._residents = dict(residents)
        self.calls = 0

    def verify(self, name: str, id_number: str) -> RealNameResult:
        self.calls += 1
        found = self._residents.get(id_number.upper())
        if found is None or found[1] == "cancelled":
            return RealNameResult.NOT_FOUND
        if found[0] != name.strip():
            return RealNameResult.MISMATCH
        return RealNameResult.DECEASED if found[1] == "deceased" else RealNameResult.MATCH
