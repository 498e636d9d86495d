"""The status timeline follows delivery: the relay tells us each entry's outcome, and the
department's own progress is appended as it changes. Each change is one ApplicationEvent."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.delivery.base import OutboxEntryView
from core.applications.records import ApplicationEvent

OUTCOME_STATUS = {"delivered": "delivered", "rejected": "rejected", "dead": "delivery_failed"}


class DeliveryListener:
    """Give to Relay(on_finished=...): writes the delivery outcome into the timeline once."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __call__(self, entry: OutboxEntryView) -> None:
        status = OUTCOME_STATUS.get(entry.status)
        if status is None:
            return
        note = entry.department_reference or ""
        append_event(self._engine, entry.application_id, entry.department, status, note)


def append_event(engine: Engine, application_id: str, department: str, status: str, note: str = "") -> bool:
    """Add a timeline line unless the department's latest line already says so."""
    with Session(engine) as session:
        latest = session.exec(
            select(ApplicationEvent)
            .where(
                ApplicationEvent.application_id == application_id, ApplicationEvent.department == department
            )
            .order_by(ApplicationEvent.at.desc(), ApplicationEvent.id.desc())
        ).first()
        if latest is not None and latest.status == status:
            return False
        session.add(
            ApplicationEvent(
                application_id=application_id, department=department, status=status, note=note[:500]
            )
        )
        session.commit()
        return True
