"""Errors raised by the department clients, and the one place httpx failures map onto them.

Messages name the department and what went wrong, never the data that was sent, so they
are safe to log and to show as "the department system is unavailable, try again later".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

DEFAULT_TIMEOUT = httpx.Timeout(3.0)


class DepartmentError(Exception):
    """A department system call did not give a usable answer."""

    def __init__(self, department: str, reason: str) -> None:
        super().__init__(f"{department}: {reason}")
        self.department = department
        self.reason = reason


class DepartmentUnavailable(DepartmentError):
    """Timed out, refused the connection, answered 5xx or answered garbage: retry later."""


class DepartmentRejected(DepartmentError):
    """Answered 4xx: the request itself is wrong, so retrying it will not help."""

    def __init__(self, department: str, status: int, reason: str) -> None:
        super().__init__(department, f"rejected with HTTP {status}: {reason}")
        self.status = status


@contextmanager
def unavailable_on_transport_errors(department: str) -> Iterator[None]:
    """Turn httpx timeouts and connection failures into `DepartmentUnavailable`."""
    try:
        yield
    except httpx.TimeoutException as error:
        raise DepartmentUnavailable(department, "timed out") from error
    except httpx.TransportError as error:
        raise DepartmentUnavailable(department, f"connection failed ({type(error).__name__})") from error


def check_response(department: str, response: httpx.Response) -> None:
    """Raise unless the answer is 2xx: 4xx -> `DepartmentRejected`, anything else -> unavailable."""
    if response.is_success:
        return
    if response.is_client_error:
        raise DepartmentRejected(department, response.status_code, _error_text(response))
    raise DepartmentUnavailable(department, f"answered HTTP {response.status_code}")


def json_body(department: str, response: httpx.Response) -> dict[str, Any]:
    """The response body as a JSON object, or `DepartmentUnavailable`."""
    try:
        body = response.json()
    except ValueError as error:
        raise DepartmentUnavailable(department, "answered with a body that is not JSON") from error
    if not isinstance(body, dict):
        raise DepartmentUnavailable(department, "answered with a JSON body that is not an object")
    return body


def _error_text(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    return error if isinstance(error, str) else response.reason_phrase
