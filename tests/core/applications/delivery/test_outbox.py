"""The outbox table: enqueue joins the caller's transaction; claims are leased, ordered per
application and department, and fenced against a relay that lost its lease."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.delivery.outbox import (
    OutboxEntry,
    claim_due,
    count_by_status,
    enqueue,
    get_entry,
    list_entries,
    mark_delivered,
    mark_retry,
)
from core.testing.fakes import SettableClock

LEASE = timedelta(minutes=5)


def test_enqueue_adds_to_the_callers_transaction_and_commits_nothing_itself(
    engine: Engine, clock: SettableClock
) -> None:
    with Session(engine) as session:
        entry = enqueue(session, "A1", "public_security", {"name": "张三"}, now=clock())
        session.flush()
        assert entry.id is not None
        session.rollback()  # submission failed after enqueueing: no entry may survive
    assert list_entries(engine) == []

    with Session(engine) as session:
        first = enqueue(session, "A1", "public_security", {"n": 1}, now=clock())
        second = enqueue(session, 42, "civil_affairs", {"n": 2}, now=clock())
        session.commit()
        assert first.idempotency_key != second.idempotency_key and len(first.idempotency_key) == 32
    stored = list_entries(engine)
    assert [(e.application_id, e.department, e.status, e.attempts) for e in stored] == [
        ("42", "civil_affairs", "pending", 0),
        ("A1", "public_security", "pending", 0),
    ]
    assert stored[1].payload == {"n": 1} and stored[1].next_attempt_at == clock()
    assert stored[1].created_at.tzinfo is UTC and stored[1].delivered_at is None


def test_idempotency_keys_are_unique_in_the_table(engine: Engine, clock: SettableClock) -> None:
    from sqlalchemy.exc import IntegrityError

    with Session(engine) as session:
        entry = enqueue(session, "A1", "public_security", {}, now=clock())
        session.commit()
        duplicate = OutboxEntry(**{**entry.model_dump(), "id": None})
        session.add(duplicate)
        with pytest.raises(IntegrityError):
            session.commit()


def test_claim_takes_the_earliest_unfinished_entry_per_application_and_department(
    engine: Engine, clock: SettableClock, submit: Callable[..., int]
) -> None:
    a1, a2 = submit("A"), submit("A")
    a_other = submit("A", "civil_affairs")  # another department: its own queue
    b1 = submit("B")

    claimed = claim_due(engine, clock(), limit=10, lease=LEASE)
    assert [e.id for e in claimed] == [a1, a_other, b1]
    assert all(e.status == "delivering" and e.attempts == 1 for e in claimed)
    assert claimed[0].next_attempt_at == clock() + LEASE

    assert claim_due(engine, clock(), limit=10, lease=LEASE) == []  # a2 waits for a1 to finish
    mark_retry(engine, claimed[0], "down", clock() + timedelta(seconds=30), clock())
    assert claim_due(engine, clock(), limit=10, lease=LEASE) == []  # a1 is not due, a2 still waits
    clock.advance(seconds=30)
    again = claim_due(engine, clock(), limit=10, lease=LEASE)
    assert [(e.id, e.attempts) for e in again] == [(a1, 2)]
    mark_delivered(engine, again[0], "REF-1", clock())
    assert [e.id for e in claim_due(engine, clock(), limit=10, lease=LEASE)] == [a2]


def test_claim_respects_the_limit_and_due_time(
    engine: Engine, clock: SettableClock, submit: Callable[..., int]
) -> None:
    ids = [submit(f"A{n}") for n in range(5)]
    assert [e.id for e in claim_due(engine, clock() - timedelta(seconds=1), 10, LEASE)] == []
    assert [e.id for e in claim_due(engine, clock(), 2, LEASE)] == ids[:2]
    assert [e.id for e in claim_due(engine, clock(), 10, LEASE)] == ids[2:]


def test_an_expired_lease_is_claimed_again_with_the_same_key(
    engine: Engine, clock: SettableClock, submit: Callable[..., int]
) -> None:
    submit("A")
    (first,) = claim_due(engine, clock(), 10, LEASE)
    clock.advance(seconds=LEASE.total_seconds() - 1)
    assert claim_due(engine, clock(), 10, LEASE) == []
    clock.advance(seconds=1)
    (second,) = claim_due(engine, clock(), 10, LEASE)
    assert second.id == first.id and second.idempotency_key == first.idempotency_key
    assert second.attempts == 2 and second.next_attempt_at == clock() + LEASE


def test_an_overtaken_claim_cannot_overwrite_the_newer_one(
    engine: Engine, clock: SettableClock, submit: Callable[..., int]
) -> None:
    entry_id = submit("A")
    (stale,) = claim_due(engine, clock(), 10, LEASE)
    clock.advance(minutes=6)
    (fresh,) = claim_due(engine, clock(), 10, LEASE)

    assert mark_retry(engine, stale, "late answer", clock(), clock()) is None
    assert mark_delivered(engine, stale, "REF-STALE", clock()) is None
    current = get_entry(engine, entry_id)
    assert current is not None and (current.status, current.attempts) == ("delivering", 2)

    done = mark_delivered(engine, fresh, "REF-1", clock())
    assert done is not None and done.status == "delivered" and done.department_reference == "REF-1"
    assert done.delivered_at == clock() and mark_delivered(engine, fresh, "REF-2", clock()) is None


def test_listing_and_counts(engine: Engine, clock: SettableClock, submit: Callable[..., int]) -> None:
    submit("A"), submit("B"), submit("C")
    (claimed, *_rest) = claim_due(engine, clock(), 1, LEASE)
    mark_delivered(engine, claimed, "REF-1", clock())
    assert [e.application_id for e in list_entries(engine, status="pending")] == ["C", "B"]
    assert [e.application_id for e in list_entries(engine, application_id="A")] == ["A"]
    assert count_by_status(engine) == {
        "pending": 2,
        "delivering": 0,
        "delivered": 1,
        "rejected": 0,
        "dead": 0,
    }
    with pytest.raises(ValueError):
        list_entries(engine, status="lost")
    assert get_entry(engine, 999) is None
    with Session(engine) as session:
        assert len(session.exec(select(OutboxEntry)).all()) == 3
