"""At scale, one-time nonces and rate limits live in Redis and hold across workers (two
store objects stand for two worker processes sharing one Redis). The limiter's behaviour on
every backend is in test_ratelimit.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.identity.nonces import NoncesForgotten, RedisNonceStore
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


def _restart(client, prefix: str) -> None:
    """What a Redis restart without persistence does to this store: every key is gone."""
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_after_a_restart_nonces_issued_before_it_are_refused_not_trusted(redis_namespace) -> None:
    client, prefix = redis_namespace
    clock = SettableClock()
    issued = clock()
    store = RedisNonceStore(
        client, prefix, started_ms=lambda _client: int(issued.timestamp() * 1000) - 60_000
    )
    assert store.consume("code:used", issued + timedelta(minutes=5), issued, issued)
    clock.advance(seconds=30)
    restarted = int(clock().timestamp() * 1000)
    _restart(client, prefix)
    store = RedisNonceStore(client, prefix, started_ms=lambda _client: restarted)
    # The used code is still inside its window: without the epoch it would be taken again.
    with pytest.raises(NoncesForgotten):
        store.consume("code:used", issued + timedelta(minutes=5), clock(), issued)
    with pytest.raises(NoncesForgotten):  # an unused code of before the restart: cannot tell, refused
        store.consume("code:unused", issued + timedelta(minutes=5), clock(), issued)
    with pytest.raises(NoncesForgotten):  # issued in the second Redis started: cannot tell either
        store.consume("code:same-second", clock() + timedelta(minutes=5), clock(), clock())
    clock.advance(seconds=1)
    after = clock()
    assert store.consume("code:new", after + timedelta(minutes=5), after, after)
    assert not store.consume("code:new", after + timedelta(minutes=5), after, after)


def test_the_epoch_is_the_redis_servers_start(redis_namespace) -> None:
    client, prefix = redis_namespace
    seconds, _ = client.time()
    uptime = int(client.info("server")["uptime_in_seconds"])
    store = RedisNonceStore(client, prefix)
    now = datetime.fromtimestamp(int(seconds), UTC)
    assert store.consume("code:a", now + timedelta(minutes=5), now, now)
    assert int(client.get(f"{prefix}@epoch")) == (int(seconds) - uptime) * 1000
    assert client.ttl(f"{prefix}@epoch") == -1  # kept while Redis lives
    before_start = now - timedelta(seconds=uptime + 5)
    with pytest.raises(NoncesForgotten):
        store.consume("code:b", now + timedelta(minutes=5), now, before_start)


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
