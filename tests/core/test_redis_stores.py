"""At scale, one-time nonces and rate limits live in Redis and hold across workers (two
store objects stand for two worker processes sharing one Redis)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.identity.nonces import RedisNonceStore
from core.ratelimit import RateLimited, RedisRateLimiter
from core.testing.fakes import SettableClock


def test_a_nonce_is_accepted_once_across_workers(redis_namespace) -> None:
    client, prefix = redis_namespace
    clock = SettableClock()
    first, second = RedisNonceStore(client, prefix), RedisNonceStore(client, prefix)
    assert first.consume("code:abc", clock() + timedelta(minutes=5), clock())
    assert not second.consume("code:abc", clock() + timedelta(minutes=5), clock())
    assert second.consume("code:other", clock() + timedelta(minutes=5), clock())


def test_a_nonce_is_forgotten_when_it_expires(redis_namespace) -> None:
    client, prefix = redis_namespace
    clock = SettableClock()
    store = RedisNonceStore(client, prefix)
    assert store.consume("term:k1:n", clock() + timedelta(milliseconds=50), clock())
    client_key = f"{prefix}term:k1:n"
    assert 0 < client.pttl(client_key) <= 50


def test_rate_limit_counts_across_workers_and_refuses_over_the_limit(redis_namespace) -> None:
    client, prefix = redis_namespace
    clock = SettableClock()
    a, b = RedisRateLimiter(client, clock, prefix), RedisRateLimiter(client, clock, prefix)
    window = timedelta(minutes=1)
    a.hit("otp:phone:x", 3, window)
    b.hit("otp:phone:x", 3, window)
    a.hit("otp:phone:x", 3, window)
    with pytest.raises(RateLimited) as refused:
        b.hit("otp:phone:x", 3, window)
    assert 0 < refused.value.retry_after <= 60
    with pytest.raises(RateLimited):
        a.check("otp:phone:x", 3, window)
    b.check("otp:phone:y", 3, window)  # another key is untouched


def test_a_new_window_starts_a_new_count(redis_namespace) -> None:
    client, prefix = redis_namespace
    clock = SettableClock()
    limiter = RedisRateLimiter(client, clock, prefix)
    window = timedelta(minutes=1)
    for _ in range(2):
        limiter.hit("k", 2, window)
    with pytest.raises(RateLimited):
        limiter.hit("k", 2, window)
    clock.advance(minutes=1)
    limiter.hit("k", 2, window)
    counters = list(client.scan_iter(f"{prefix}k:*"))
    assert len(counters) == 2 and all(client.ttl(key) > 0 for key in counters)
