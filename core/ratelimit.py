"""Fixed-window rate limits kept in the database (Redis takes this role at scale).

A limit is (key, how many, per what window). Keys are pseudonyms, never raw phone numbers
or addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel


class RateCounter(SQLModel, table=True):
    __tablename__ = "rate_counter"
    key: str = Field(primary_key=True, max_length=96)
    window_start: datetime = Field(primary_key=True)
    count: int = 0


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._engine = engine
        self._clock = clock

    def _window(self, window: timedelta) -> tuple[datetime, int]:
        now = self._clock()
        seconds = int(window.total_seconds())
        start = int(now.timestamp()) // seconds * seconds
        return datetime.fromtimestamp(start, UTC), start + seconds - int(now.timestamp())

    def check(self, key: str, limit: int, window: timedelta) -> None:
        """Refuse when the key has used up its window, without counting this call."""
        start, remaining = self._window(window)
        with Session(self._engine) as session:
            counter = session.get(RateCounter, (key, start))
            if counter is not None and counter.count >= limit:
                raise RateLimited(remaining)

    def hit(self, key: str, limit: int, window: timedelta) -> None:
        """Count one use; refuse (and do not count) once the limit is reached."""
        self.check(key, limit, window)
        start, _ = self._window(window)
        for _attempt in range(3):
            with Session(self._engine) as session:
                counter = session.get(RateCounter, (key, start)) or RateCounter(key=key, window_start=start)
                counter.count += 1
                session.add(counter)
                try:
                    session.commit()
                    return
                except IntegrityError:  # a concurrent first hit created the row
                    session.rollback()
