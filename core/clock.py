"""Time as the platform sees it: aware UTC in storage, Beijing time for what people read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; naive values (as SQLite returns them) are taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


utcnow = system_clock
