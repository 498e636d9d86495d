"""Rate limits behave the same in this process's memory (embedded default) and in Redis (at
scale): a fixed window, refused calls not counted, a new window starts afresh, and concurrent
hits never let more through than the limit."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from core.ratelimit import InMemoryRateLimiter, Limiter, RateLimited, RedisRateLimiter
from core.testing.fakes import SettableClock
from yiwang.cli_api import workers_refusal
from yiwang.cli_serve import serve

WINDOW = timedelta(minutes=1)


@pytest.fixture(params=["memory", "redis"])
def limited(request: pytest.FixtureRequest) -> Iterator[tuple[Limiter, SettableClock]]:
    clock = SettableClock()
    if request.param == "memory":
        yield InMemoryRateLimiter(clock), clock
    else:
        client, prefix = request.getfixturevalue("redis_namespace")
        yield RedisRateLimiter(client, clock, prefix), clock


def test_the_limit_refuses_the_call_over_it_with_the_time_left(limited) -> None:
    limiter, _clock = limited
    for _ in range(3):
        limiter.hit("otp:phone:x", 3, WINDOW)
    with pytest.raises(RateLimited) as refused:
        limiter.hit("otp:phone:x", 3, WINDOW)
    assert 0 < refused.value.retry_after <= 60
    with pytest.raises(RateLimited):
        limiter.check("otp:phone:x", 3, WINDOW)
    limiter.check("otp:phone:y", 3, WINDOW)  # another key is untouched
    limiter.hit("otp:phone:y", 3, WINDOW)


def test_a_refused_call_is_not_counted_and_a_new_window_starts_afresh(limited) -> None:
    limiter, clock = limited
    limiter.hit("k", 2, WINDOW)
    limiter.hit("k", 2, WINDOW)
    for _ in range(3):
        with pytest.raises(RateLimited):
            limiter.hit("k", 2, WINDOW)
    clock.advance(minutes=1)
    limiter.hit("k", 2, WINDOW)
    limiter.hit("k", 2, WINDOW)
    with pytest.raises(RateLimited):
        limiter.hit("k", 2, WINDOW)


def test_windows_of_different_lengths_count_apart(limited) -> None:
    limiter, _clock = limited
    limiter.hit("k", 1, WINDOW)
    limiter.hit("k", 1, timedelta(hours=1))
    with pytest.raises(RateLimited):
        limiter.hit("k", 1, WINDOW)


def test_concurrent_hits_let_exactly_the_limit_through(limited) -> None:
    limiter, _clock = limited

    def one() -> bool:
        try:
            limiter.hit("burst", 25, WINDOW)
            return True
        except RateLimited:
            return False

    with ThreadPoolExecutor(max_workers=8) as pool:
        passed = list(pool.map(lambda _i: one(), range(100)))
    assert passed.count(True) == 25


def test_memory_forgets_counters_of_ended_windows() -> None:
    clock = SettableClock()
    limiter = InMemoryRateLimiter(clock)
    for n in range(50):
        limiter.hit(f"client:{n}", 5, WINDOW)
    assert len(limiter) == 50
    clock.advance(minutes=2)
    limiter.hit("client:new", 5, WINDOW)
    assert len(limiter) == 1


def test_the_standalone_api_refuses_several_workers_without_redis() -> None:
    assert "REDIS_URL" in workers_refusal(3, {})
    assert workers_refusal(1, {}) == ""
    assert workers_refusal(3, {"REDIS_URL": "redis://127.0.0.1:6379/0"}) == ""


def test_the_one_port_app_refuses_several_workers_without_redis(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("GRANIAN_WORKERS", "3")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("YIWANG_REDIS_URL", raising=False)
    assert serve(argparse.Namespace()) == 2  # before starting anything
    assert "REDIS_URL" in capsys.readouterr().out
