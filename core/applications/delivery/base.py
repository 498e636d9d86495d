"""What a delivery plugin is: the ABC, its result and the two ways it may fail.

A plugin turns one outbox entry into one call to a department system. It never touches
the database: the relay claims the entry, calls `deliver` and stores the outcome. A plugin
must send `entry.idempotency_key` with every attempt so the department can de-duplicate a
request the relay repeats after a timeout or a crash.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

import httpx

MAX_REASON_LENGTH = 500


@dataclass(frozen=True)
class OutboxEntryView:
    """A read-only copy of an outbox row, handed to plugins and listeners."""

    id: int
    application_id: str
    department: str
    payload: dict[str, Any]
    idempotency_key: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    department_reference: str | None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None
    kind: str = "application"  # or a notice about the application (delivery.notices)


@dataclass(frozen=True)
class DeliveryReceipt:
    """The department accepted the application and gave it this reference (受理号)."""

    department_reference: str

    def __post_init__(self) -> None:
        if not self.department_reference.strip():
            raise ValueError("a department reference must not be empty")


class DeliveryError(Exception):
    """Base of the outcomes a plugin raises instead of returning a receipt.

    `reason` is stored and shown to staff: name what went wrong, never the payload.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:MAX_REASON_LENGTH]


class Retryable(DeliveryError):
    """Not delivered this time (down, timed out, busy): try again later.

    `retry_after` is how many seconds the department asked us to wait, if it said so.
    """

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Rejected(DeliveryError):
    """The department refused this request; sending it again will not help."""


class DeliveryPlugin(ABC):
    """One department system. Subclasses are registered with `@register("<department code>")`."""

    verbose_name: ClassVar[str] = ""

    def __init__(self, department_code: str) -> None:
        self.department_code = department_code

    @abstractmethod
    def deliver(self, entry: OutboxEntryView, client: httpx.Client) -> DeliveryReceipt:
        """Hand the entry to the department; raise `Retryable` or `Rejected` when that fails."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.department_code}>"


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3).

    A date in the past means "now" (0.0); an unreadable value is ignored (None).
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000" dates parse naive; HTTP dates are always GMT
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())
