"""Fixed-window rate limits, kept in the database by default and in Redis at scale (REDIS_URL).

A limit is (key, how many, per what window). Keys are pseudonyms, never raw phone numbers
or addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis
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


class Limiter(Protocol):
    def check(self, key: str, limit: int, window: timedelta) -> None: ...

    def hit(self, key: str, limit: int, window: timedelta) -> None: ...


def _window_of(now: datetime, window: timedelta) -> tuple[datetime, int]:
    """(start of the fixed window holding `now`, seconds left in it)."""
    seconds = int(window.total_seconds())
    start = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(start, UTC), start + seconds - int(now.timestamp())


class RateLimiter:
    """Counters in the rate_counter table (embedded default)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._engine = engine
        self._clock = clock

    def _window(self, window: timedelta) -> tuple[datetime, int]:
        return _window_of(self._clock(), window)

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


class RedisRateLimiter:
    """Counters in Redis: INCR is atomic across workers; each counter expires with its window."""

    def __init__(
        self,
        client: redis.Redis,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        prefix: str = "yw:rate:",
    ) -> None:
        self._redis = client
        self._clock = clock
        self._prefix = prefix

    def _counter(self, key: str, window: timedelta) -> tuple[str, int]:
        start, remaining = _window_of(self._clock(), window)
        return f"{self._prefix}{key}:{int(start.timestamp())}", remaining

    def check(self, key: str, limit: int, window: timedelta) -> None:
        counter, remaining = self._counter(key, window)
        if int(self._redis.get(counter) or 0) >= limit:
            raise RateLimited(remaining)

    def hit(self, key: str, limit: int, window: timedelta) -> None:
        counter, remaining = self._counter(key, window)
        with self._redis.pipeline() as pipe:
            count, _ = pipe.incr(counter).expire(counter, int(window.total_seconds()) + 5).execute()
        if count > limit:
            self._redis.decr(counter)  # a refused call is not counted
            raise RateLimited(remaining)


def make_rate_limiter(
    engine: Engine,
    client: redis.Redis | None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    prefix: str = "yw:rate:",
) -> Limiter:
    """Redis when the deployment has one (shared by all workers), else the database."""
    return RedisRateLimiter(client, clock, prefix) if client is not None else RateLimiter(engine, clock)
