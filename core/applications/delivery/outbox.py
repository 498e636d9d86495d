"""The outbox: one row per (application, department) hand-over, written in the submitting transaction.

Life of a row: pending -> delivering (claimed under a lease) -> delivered | rejected | dead,
or back to pending to be retried. Once delivered, `next_attempt_at` says when the status poller
(core.applications.status) asks the department about the application next.
Every transition after the claim is fenced on (id, status='delivering', attempts), so a relay
whose lease ran out and was overtaken by another relay cannot overwrite the newer attempt's outcome.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Column, Connection, DateTime, Engine, and_, exists, func, insert, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Field, Session, SQLModel

from core.applications.delivery.base import MAX_REASON_LENGTH, OutboxEntryView
from core.applications.delivery.notices import APPLICATION, DELIVERED_LINES
from core.applications.records import ApplicationEvent
from core.audit import AuditEvent
from core.clock import as_utc, utcnow

PENDING, DELIVERING, DELIVERED, REJECTED, DEAD = "pending", "delivering", "delivered", "rejected", "dead"
STATUSES = (PENDING, DELIVERING, DELIVERED, REJECTED, DEAD)
UNFINISHED = (PENDING, DELIVERING)
REQUEUEABLE = (DEAD, REJECTED)
Audit = tuple[str, str, dict[str, Any]]  # action, outcome, detail


class OutboxEntry(SQLModel, table=True):
    __tablename__ = "outbox_entry"
    id: int | None = Field(default=None, primary_key=True)
    application_id: str = Field(max_length=32, index=True)  # application.id
    department: str = Field(max_length=64, index=True)  # a Department.code
    # The application itself, or a notice about it (see delivery.notices).
    kind: str = Field(default=APPLICATION, max_length=32, sa_column_kwargs={"server_default": APPLICATION})
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Sent with every attempt, so the department de-duplicates retries and crash re-deliveries.
    idempotency_key: str = Field(max_length=64, unique=True)
    status: str = Field(default=PENDING, max_length=16, index=True)
    attempts: int = 0  # claims so far; also the fencing token of the current claim
    # pending: not before this; delivering: the lease runs out at this moment.
    next_attempt_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    last_error: str | None = Field(default=None, max_length=MAX_REASON_LENGTH)
    department_reference: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


_TABLE = OutboxEntry.__table__  # type: ignore[attr-defined]


def enqueue(
    session: Session,
    application_id: str | int,
    department: str,
    payload: dict[str, Any],
    now: datetime | None = None,
    kind: str = APPLICATION,
) -> OutboxEntry:
    """Add a pending entry to the caller's session, due at once; the caller commits.

    Call it inside the transaction that stores the application, so an acknowledged
    application always has its outbox row (and a rolled-back one has none).
    """
    moment = as_utc(now or utcnow())
    entry = OutboxEntry(
        application_id=str(application_id),
        department=department,
        kind=kind,
        payload=dict(payload),
        idempotency_key=uuid.uuid4().hex,
        next_attempt_at=moment,
        created_at=moment,
        updated_at=moment,
    )
    session.add(entry)
    return entry


def view_of(row: Any) -> OutboxEntryView:
    """An `OutboxEntryView` of an `OutboxEntry` or of a result row with the same columns."""
    return OutboxEntryView(
        id=row.id,
        application_id=row.application_id,
        department=row.department,
        kind=row.kind,
        payload=dict(row.payload or {}),
        idempotency_key=row.idempotency_key,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=as_utc(row.next_attempt_at),
        last_error=row.last_error,
        department_reference=row.department_reference,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        delivered_at=None if row.delivered_at is None else as_utc(row.delivered_at),
    )


def _due_condition(now: datetime) -> Any:
    """Due pending rows and rows whose delivery lease ran out (their relay died), in order:
    no earlier entry of the same application and department may still be unfinished."""
    earlier = aliased(OutboxEntry.__table__)  # type: ignore[attr-defined]
    blocked = exists().where(
        and_(
            earlier.c.application_id == _TABLE.c.application_id,
            earlier.c.department == _TABLE.c.department,
            earlier.c.id < _TABLE.c.id,
            earlier.c.status.in_(UNFINISHED),
        )
    )
    return and_(_TABLE.c.status.in_(UNFINISHED), _TABLE.c.next_attempt_at <= now, ~blocked)


def claim_due(
    engine: Engine, now: datetime, limit: int, lease: timedelta = timedelta(minutes=5)
) -> list[OutboxEntryView]:
    """Mark up to `limit` due entries as delivering until `now + lease`; returns them by id.

    Each claim counts as an attempt. PostgreSQL locks the chosen rows with FOR UPDATE SKIP
    LOCKED so concurrent relays pick different rows; SQLite runs the choice and the update
    as one statement under its single writer lock, which gives the same guarantee.
    """
    now = as_utc(now)
    due = select(_TABLE.c.id).where(_due_condition(now)).order_by(_TABLE.c.next_attempt_at, _TABLE.c.id)
    claim = update(_TABLE).values(
        status=DELIVERING, attempts=_TABLE.c.attempts + 1, next_attempt_at=now + lease, updated_at=now
    )
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            locked = due.limit(limit).with_for_update(skip_locked=True, of=_TABLE)
            ids = list(connection.scalars(locked))
            if not ids:
                return []
            statement = claim.where(_TABLE.c.id.in_(ids))
        else:
            statement = claim.where(_TABLE.c.id.in_(due.limit(limit).scalar_subquery()))
        rows = connection.execute(statement.returning(*_TABLE.c)).all()
    return sorted((view_of(row) for row in rows), key=lambda entry: entry.id)


def _finish(
    engine: Engine,
    claim: OutboxEntryView,
    values: dict[str, Any],
    audit: Audit | None = None,
    timeline: tuple[str, str] | None = None,
) -> OutboxEntryView | None:
    """Apply `values` if `claim` still holds the row. The audit event and the application's
    status event (status, note) go in the same transaction, so each is written exactly once."""
    fenced = and_(_TABLE.c.id == claim.id, _TABLE.c.status == DELIVERING, _TABLE.c.attempts == claim.attempts)
    with engine.begin() as connection:
        row = connection.execute(update(_TABLE).where(fenced).values(**values).returning(*_TABLE.c)).first()
        if row is None:
            return None
        if audit is not None:
            _record(connection, claim, audit, values["updated_at"])
        if timeline is not None:
            _status_event(connection, claim, *timeline, at=values["updated_at"])
        return view_of(row)


def _record(connection: Connection, entry: OutboxEntryView, audit: Audit, at: datetime) -> None:
    """An audit event (never the payload), inside the caller's transaction."""
    action, outcome, detail = audit
    about = {"outbox_id": entry.id, "application_id": entry.application_id, "department": entry.department}
    connection.execute(
        insert(AuditEvent.__table__).values(  # type: ignore[attr-defined]
            at=at,
            action=action,
            outcome=outcome,
            actor="relay",
            channel="relay",
            terminal="",
            detail=about | detail,
        )
    )


def _status_event(
    connection: Connection, entry: OutboxEntryView, status: str, note: str, at: datetime
) -> None:
    """A line of the application's status timeline, what the citizen and staff see."""
    item_code = entry.payload.get("item_code")
    connection.execute(
        insert(ApplicationEvent.__table__).values(  # type: ignore[attr-defined]
            application_id=entry.application_id,
            department=entry.department,
            item_code=item_code[:12] if isinstance(item_code, str) else "",
            status=status,
            note=note[:MAX_REASON_LENGTH],
            at=at,
        )
    )


def mark_delivered(
    engine: Engine, claim: OutboxEntryView, reference: str, now: datetime
) -> OutboxEntryView | None:
    """The department accepted it. None if the claim was lost to another relay meanwhile."""
    now = as_utc(now)
    values = {"status": DELIVERED, "department_reference": reference, "last_error": None}
    values |= {"delivered_at": now, "updated_at": now, "next_attempt_at": now}  # first status question
    audit = ("delivery.delivered", "ok", {"reference": reference, "kind": claim.kind})
    line = ("delivered", reference) if claim.kind == APPLICATION else DELIVERED_LINES.get(claim.kind)
    return _finish(engine, claim, values, audit, timeline=line)


def mark_retry(
    engine: Engine, claim: OutboxEntryView, error: str, next_attempt_at: datetime, now: datetime
) -> OutboxEntryView | None:
    """Back to pending, not before `next_attempt_at`."""
    values = {
        "status": PENDING,
        "last_error": error[:MAX_REASON_LENGTH],
        "next_attempt_at": as_utc(next_attempt_at),
        "updated_at": as_utc(now),
    }
    return _finish(engine, claim, values)


def mark_rejected(
    engine: Engine, claim: OutboxEntryView, reason: str, now: datetime
) -> OutboxEntryView | None:
    """Refused by the department: kept for a person to handle, never retried by itself."""
    reason = reason[:MAX_REASON_LENGTH]
    values = {"status": REJECTED, "last_error": reason, "updated_at": as_utc(now)}
    audit = ("delivery.rejected", "refused", {"reason": reason})
    return _finish(engine, claim, values, audit, timeline=("rejected", reason))


def mark_dead(engine: Engine, claim: OutboxEntryView, error: str, now: datetime) -> OutboxEntryView | None:
    """Gave up after too many attempts: kept for a person to requeue."""
    error = error[:MAX_REASON_LENGTH]
    values = {"status": DEAD, "last_error": error, "updated_at": as_utc(now)}
    return _finish(engine, claim, values, ("delivery.dead", "failed", {"reason": error}))


class NotRequeueable(ValueError):
    """Only dead or rejected entries go back to the queue by hand."""


def requeue(engine: Engine, entry_id: int, now: datetime | None = None) -> OutboxEntryView:
    """Send a dead or rejected entry again from a clean attempt count, with its same idempotency key."""
    now = as_utc(now or utcnow())
    requeueable = and_(_TABLE.c.id == entry_id, _TABLE.c.status.in_(REQUEUEABLE))
    with engine.begin() as connection:
        row = connection.execute(
            update(_TABLE)
            .where(requeueable)
            .values(status=PENDING, attempts=0, next_attempt_at=now, updated_at=now)
            .returning(*_TABLE.c)
        ).first()
        if row is None:
            status = connection.scalar(select(_TABLE.c.status).where(_TABLE.c.id == entry_id))
            state = "does not exist" if status is None else f"is {status}"
            raise NotRequeueable(
                f"outbox entry {entry_id} {state}; only dead or rejected entries are requeued"
            )
        entry = view_of(row)
        _record(connection, entry, ("delivery.requeued", "ok", {"last_error": entry.last_error or ""}), now)
    return entry


def list_entries(
    engine: Engine, status: str | None = None, application_id: str | None = None, limit: int = 100
) -> list[OutboxEntryView]:
    """Entries newest first, optionally of one status and/or one application."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    query = select(_TABLE).order_by(_TABLE.c.id.desc()).limit(limit)
    if status is not None:
        query = query.where(_TABLE.c.status == status)
    if application_id is not None:
        query = query.where(_TABLE.c.application_id == application_id)
    with engine.connect() as connection:
        return [view_of(row) for row in connection.execute(query)]


def get_entry(engine: Engine, entry_id: int) -> OutboxEntryView | None:
    with engine.connect() as connection:
        row = connection.execute(select(_TABLE).where(_TABLE.c.id == entry_id)).first()
    return None if row is None else view_of(row)


def count_by_status(engine: Engine) -> dict[str, int]:
    """How many entries are in each status (zero included), for a health line or the CLI."""
    query = select(_TABLE.c.status, func.count()).group_by(_TABLE.c.status)
    with engine.connect() as connection:
        found = dict(connection.execute(query).all())
    return {status: int(found.get(status, 0)) for status in STATUSES}
