"""The status timeline follows each department's own progress after delivery (the relay
records delivery itself): the poller asks every department about the applications it holds
and appends a timeline line when their status moves.

Several relays each run a poller. Like the relay, a poller claims its work: it moves a due
delivered entry's `next_attempt_at` forward under FOR UPDATE SKIP LOCKED (PostgreSQL) or the
single writer lock (SQLite), so no two pollers ask about one application in the same round;
and it records a change in the transaction that reschedules the entry, so a status line (and
the text that follows it) is written once even if two pollers did ask."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Connection, Engine, and_, exists, insert, select, update

from core.applications.delivery.notices import APPLICATION
from core.applications.delivery.outbox import DELIVERED, OutboxEntry
from core.applications.records import ApplicationEvent
from core.clock import as_utc, utcnow

logger = logging.getLogger(__name__)
DEPARTMENT_STATUS = {"accepted": "accepted", "in_review": "in_review", "completed": "done"}
FINAL = ("done", "rejected")
_OUTBOX = OutboxEntry.__table__  # type: ignore[attr-defined]
_EVENTS = ApplicationEvent.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PollClaim:
    entry_id: int
    application_id: str
    department: str
    reference: str


def _finished() -> object:
    return exists().where(
        and_(
            _EVENTS.c.application_id == _OUTBOX.c.application_id,
            _EVENTS.c.department == _OUTBOX.c.department,
            _EVENTS.c.status.in_(FINAL),
        )
    )


def claim_status_polls(engine: Engine, now: datetime, limit: int, lease: timedelta) -> list[PollClaim]:
    """Up to `limit` delivered, unfinished entries due for a status question, each moved to
    `now + lease` so no other poller takes it meanwhile."""
    due = (
        select(_OUTBOX.c.id)
        .where(
            _OUTBOX.c.status == DELIVERED,
            _OUTBOX.c.kind == APPLICATION,  # notices have no status of their own
            _OUTBOX.c.department_reference.is_not(None),
            _OUTBOX.c.next_attempt_at <= now,
            ~_finished(),
        )
        .order_by(_OUTBOX.c.next_attempt_at, _OUTBOX.c.id)
        .limit(limit)
    )
    claim = update(_OUTBOX).values(next_attempt_at=now + lease)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            ids = list(connection.scalars(due.with_for_update(skip_locked=True, of=_OUTBOX)))
            if not ids:
                return []
            statement = claim.where(_OUTBOX.c.id.in_(ids))
        else:
            statement = claim.where(_OUTBOX.c.id.in_(due.scalar_subquery()))
        rows = connection.execute(
            statement.returning(
                _OUTBOX.c.id, _OUTBOX.c.application_id, _OUTBOX.c.department, _OUTBOX.c.department_reference
            )
        ).all()
    return sorted((PollClaim(*row) for row in rows), key=lambda claim: claim.entry_id)


def _latest(connection: Connection, claim: PollClaim) -> str | None:
    return connection.scalar(
        select(_EVENTS.c.status)
        .where(_EVENTS.c.application_id == claim.application_id, _EVENTS.c.department == claim.department)
        .order_by(_EVENTS.c.at.desc(), _EVENTS.c.id.desc())
        .limit(1)
    )


def record_poll(engine: Engine, claim: PollClaim, status: str | None, next_at: datetime) -> bool:
    """Reschedule the entry and, when `status` is new, add its timeline line, in one
    transaction: the update locks the entry first, so concurrent pollers add a line once."""
    with engine.begin() as connection:
        reschedule = update(_OUTBOX).where(_OUTBOX.c.id == claim.entry_id).values(next_attempt_at=next_at)
        connection.execute(reschedule)
        if status is None or _latest(connection, claim) == status:
            return False
        connection.execute(
            insert(_EVENTS).values(
                application_id=claim.application_id,
                department=claim.department,
                status=status,
                note=claim.reference[:500],
                at=utcnow(),
            )
        )
        return True


class StatusPoller:
    """Asks the department system about delivered applications every `interval`."""

    def __init__(
        self,
        engine: Engine,
        client: httpx.Client,
        base_url: str,
        notify: Callable[[str, str], object] | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        interval: timedelta = timedelta(seconds=5),
        lease: timedelta = timedelta(seconds=30),  # > batch_size questions at their 3 s timeout
        batch_size: int = 8,
    ) -> None:
        self._engine = engine
        self._client = client
        self._base = base_url.rstrip("/")
        self._notify = notify  # e.g. StatusNotifier: texts the applicant on every change
        self._clock = clock
        self.interval, self.lease, self.batch_size = interval, lease, batch_size

    def _ask(self, reference: str) -> str | None:
        try:
            answer = self._client.get(f"{self._base}/applications/{reference}/status", timeout=3.0)
            code = answer.json().get("code", "") if answer.status_code == 200 else ""
        except (httpx.HTTPError, ValueError):
            return None  # the department is down: ask again next round
        return DEPARTMENT_STATUS.get(code)

    def poll_once(self) -> int:
        """Ask about every unfinished delivered application that is due; returns how many moved."""
        moved, asked = 0, set()
        while claims := claim_status_polls(self._engine, self._now(), self.batch_size, self.lease):
            if all(claim.entry_id in asked for claim in claims):  # a long round came round again
                for claim in claims:
                    record_poll(self._engine, claim, None, self._now())
                break
            for claim in claims:
                asked.add(claim.entry_id)
                status = self._ask(claim.reference)
                if record_poll(self._engine, claim, status, self._now() + self.interval):
                    moved += 1
                    if self._notify is not None and status is not None:
                        self._notify(claim.application_id, status)
        return moved

    def _now(self) -> datetime:
        return as_utc(self._clock())

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.wait(self.interval.total_seconds()):
            try:
                self.poll_once()
            except Exception as error:  # keep following statuses whatever one round hit
                logger.error("status poll failed: %s", type(error).__name__)
