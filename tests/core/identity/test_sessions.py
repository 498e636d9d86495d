"""Per-channel session policies: idle and absolute expiry, logout everywhere, new ids."""

import pytest

from core.identity.sessions import POLICIES, TOUCH_INTERVAL, SessionStore


@pytest.fixture
def store(engine, clock) -> SessionStore:
    return SessionStore(engine, clock)


def test_pc_session_lives_while_used_and_dies_after_30_idle_minutes(store, clock) -> None:
    token, _ = store.start("citizen", "c1", "pc")
    for _ in range(5):
        clock.advance(minutes=29)
        assert store.resolve(token).subject_id == "c1"
    clock.advance(minutes=30, seconds=1)
    assert store.resolve(token) is None


def test_pc_session_ends_after_12_hours_however_busy(store, clock) -> None:
    token, _ = store.start("citizen", "c1", "pc")
    for _ in range(24):
        clock.advance(minutes=29)
        store.resolve(token)
    clock.advance(minutes=29)
    assert store.resolve(token) is None


def test_kiosk_session_ends_after_90_idle_seconds(store, clock) -> None:
    token, active = store.start("citizen", "c1", "kiosk")
    assert (active.idle_expires_at - clock()).total_seconds() == 90
    clock.advance(seconds=91)
    assert store.resolve(token) is None


def test_logout_ends_the_session_and_a_new_login_gets_a_new_token(store) -> None:
    token, _ = store.start("citizen", "c1", "pc")
    store.end(token)
    assert store.resolve(token) is None
    again, _ = store.start("citizen", "c1", "pc")
    assert again != token and store.resolve(again) is not None


def test_end_all_logs_a_subject_out_everywhere(store) -> None:
    web, _ = store.start("citizen", "c1", "pc")
    phone, _ = store.start("citizen", "c1", "mobile")
    other, _ = store.start("citizen", "c2", "pc")
    store.end_all("citizen", "c1")
    assert store.resolve(web) is None and store.resolve(phone) is None
    assert store.resolve(other) is not None


def test_ticket_is_single_use_and_short_lived(store, clock) -> None:
    ticket = store.issue_ticket("citizen", "c1", "pc")
    token, active = store.redeem_ticket(ticket)
    assert active.subject_id == "c1" and store.resolve(token) is not None
    assert store.redeem_ticket(ticket) is None
    late = store.issue_ticket("citizen", "c1", "pc")
    clock.advance(minutes=1, seconds=1)
    assert store.redeem_ticket(late) is None
    assert store.redeem_ticket("forged") is None


def test_unknown_or_empty_tokens_resolve_to_nothing(store) -> None:
    assert store.resolve("") is None
    assert store.resolve("not-a-token") is None


def test_every_channel_has_a_policy_with_idle_within_absolute() -> None:
    assert {"pc", "mobile", "kiosk", "bank_teller", "bank_customer", "editor"} <= set(POLICIES)
    for policy in POLICIES.values():
        assert policy.idle <= policy.absolute


def test_a_session_used_again_within_seconds_is_not_written_but_still_checked(store, clock) -> None:
    token, started = store.start("citizen", "c1", "kiosk")
    clock.advance(seconds=TOUCH_INTERVAL.total_seconds() - 1)
    assert store.resolve(token).idle_expires_at == started.idle_expires_at  # no write this time
    store.end(token)
    assert store.resolve(token) is None  # a logout still counts at once


def test_the_idle_timer_moves_once_the_touch_interval_passed(store, clock) -> None:
    token, started = store.start("citizen", "c1", "kiosk")
    clock.advance(seconds=TOUCH_INTERVAL.total_seconds())
    moved = store.resolve(token).idle_expires_at
    assert moved == started.idle_expires_at + TOUCH_INTERVAL
    clock.advance(seconds=89)
    assert store.resolve(token) is not None  # 89 s after the last write, within 90 s idle
