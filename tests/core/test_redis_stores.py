"""At scale, one-time nonces and rate limits live in Redis and hold across workers (two
store objects stand for two worker processes sharing one Redis). The limiter's behaviour on
every backend is in test_ratelimit.py."""

from __future__ import annotations

from datetime import timedelta

from core.identity.nonces import RedisNonceStore
from core.ratelimit import RedisRateLimiter
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


def test_rate_counters_expire_with_their_window(redis_namespace) -> None:
    client, prefix = redis_namespace
    clock = SettableClock()
    limiter = RedisRateLimiter(client, clock, prefix)
    window = timedelta(minutes=1)
    limiter.hit("k", 2, window)
    clock.advance(minutes=1)
    limiter.hit("k", 2, window)
    counters = list(client.scan_iter(f"{prefix}k:*"))
    assert len(counters) == 2 and all(client.ttl(key) > 0 for key in counters)
