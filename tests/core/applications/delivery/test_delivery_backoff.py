"""Backoff: capped exponential with full jitter; Retry-After in seconds or as an HTTP date."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from core.applications.delivery.base import retry_after_seconds
from core.applications.delivery.relay import RelayPolicy, backoff_delay, retry_delay

NOW = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)


class TopOfRange(random.Random):
    """uniform(a, b) -> b: exposes the ceiling the jitter is drawn under."""

    def uniform(self, a: float, b: float) -> float:
        return b


def test_ceiling_doubles_from_two_seconds_and_stops_at_ten_minutes() -> None:
    ceilings = [backoff_delay(attempt, TopOfRange()) for attempt in range(1, 13)]
    assert ceilings == [2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600, 600]
    assert backoff_delay(10_000, TopOfRange()) == 600  # no overflow far past the limit
    assert backoff_delay(3, TopOfRange(), base=1.0, cap=5.0) == 4
    assert backoff_delay(4, TopOfRange(), base=1.0, cap=5.0) == 5


def test_full_jitter_spreads_over_the_whole_range_under_the_ceiling() -> None:
    rng = random.Random(20240601)
    samples = [backoff_delay(4, rng) for _ in range(2000)]  # ceiling 16 s
    assert all(0.0 <= s <= 16.0 for s in samples)
    assert min(samples) < 0.5 and max(samples) > 15.5  # reaches both ends: full, not "equal" jitter
    assert 7.0 < sum(samples) / len(samples) < 9.0  # uniform: mean near half the ceiling
    late = [backoff_delay(30, rng) for _ in range(2000)]
    assert all(0.0 <= s <= 600.0 for s in late) and max(late) > 590.0


def test_the_same_seed_gives_the_same_delays() -> None:
    first, second = random.Random(7), random.Random(7)
    assert [backoff_delay(n, first) for n in range(1, 12)] == [backoff_delay(n, second) for n in range(1, 12)]


def test_attempts_count_from_one() -> None:
    with pytest.raises(ValueError):
        backoff_delay(0, random.Random(1))


def test_retry_after_wins_over_backoff_within_bounds() -> None:
    policy = RelayPolicy()
    assert retry_delay(1, 120.0, TopOfRange(), policy) == 120.0  # longer than the 2 s backoff
    assert retry_delay(12, 3.0, TopOfRange(), policy) == 3.0  # shorter than the 600 s backoff
    assert retry_delay(1, -5.0, TopOfRange(), policy) == 0.0
    assert retry_delay(1, 10 * 86400.0, TopOfRange(), policy) == policy.max_retry_after
    assert retry_delay(5, None, TopOfRange(), policy) == 32.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 30.0),  # IMF-fixdate
        ("Wednesday, 21-Oct-15 07:28:00 GMT", 30.0),  # obsolete RFC 850
        ("Wed Oct 21 07:28:00 2015", 30.0),  # obsolete asctime, GMT by definition
        ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),  # in the past: now
        ("Wed, 21 Oct 2015 09:28:00 +0200", 30.0),
    ],
)
def test_retry_after_header_values(header: str, seconds: float) -> None:
    assert retry_after_seconds(header, NOW) == seconds


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "1.5", "Wed, 32 Oct 2015 07:28:00 GMT"])
def test_unreadable_retry_after_is_ignored(header: str | None) -> None:
    assert retry_after_seconds(header, NOW) is None
