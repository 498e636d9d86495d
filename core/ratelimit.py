"""Fixed-window rate limits, kept in memory by default (one process) and in Redis at scale
(REDIS_URL, shared by every worker).

A limit is (key, how many, per what window). Keys are pseudonyms, never raw phone numbers
or addresses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis


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


class InMemoryRateLimiter:
    """Counters in this process (embedded default): `yiwang serve` runs one backend process
    without Redis (Reflex starts one worker then) and `yiwang api` refuses several workers
    without Redis, so one process sees every request. A lock makes a hit atomic across threads."""

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._clock = clock
        self._counts: dict[tuple[str, int, int], int] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    def _counter(self, key: str, window: timedelta) -> tuple[tuple[str, int, int], int]:
        start, remaining = _window_of(self._clock(), window)
        return (key, int(window.total_seconds()), int(start.timestamp())), remaining

    def check(self, key: str, limit: int, window: timedelta) -> None:
        """Refuse when the key has used up its window, without counting this call."""
        counter, remaining = self._counter(key, window)
        with self._lock:
            if self._counts.get(counter, 0) >= limit:
                raise RateLimited(remaining)

    def hit(self, key: str, limit: int, window: timedelta) -> None:
        """Count one use; refuse (and do not count) once the limit is reached."""
        counter, remaining = self._counter(key, window)
        with self._lock:
            self._sweep()
            count = self._counts.get(counter, 0)
            if count >= limit:
                raise RateLimited(remaining)
            self._counts[counter] = count + 1

    def __len__(self) -> int:
        return len(self._counts)

    def _sweep(self) -> None:
        """Forget counters of windows that have ended, at most once a second (under the lock)."""
        now = self._clock().timestamp()
        if now < self._next_sweep:
            return
        self._next_sweep = now + 1
        ended = [c for c in self._counts if c[2] + c[1] <= now]
        for counter in ended:
            del self._counts[counter]


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
        return f"{self._prefix}{key}:{int(window.total_seconds())}:{int(start.timestamp())}", remaining

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
    client: redis.Redis | None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    prefix: str = "yw:rate:",
) -> Limiter:
    """Redis when the deployment has one (shared by all workers), else this process's memory."""
    return RedisRateLimiter(client, clock, prefix) if client is not None else InMemoryRateLimiter(clock)
