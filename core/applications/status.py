"""The status timeline follows each department's own progress after delivery (the relay
records delivery itself): the poller asks every department about the applications it holds
and appends a timeline line when their status moves."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.delivery.outbox import OutboxEntry
from core.applications.records import ApplicationEvent

logger = logging.getLogger(__name__)
DEPARTMENT_STATUS = {"accepted": "accepted", "in_review": "in_review", "completed": "done"}
FINAL = {"done", "rejected"}


def latest_status(session: Session, application_id: str, department: str) -> str | None:
    event = session.exec(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id, ApplicationEvent.department == department)
        .order_by(ApplicationEvent.at.desc(), ApplicationEvent.id.desc())
    ).first()
    return event.status if event else None


def append_event(engine: Engine, application_id: str, department: str, status: str, note: str = "") -> bool:
    """Add a timeline line unless the department's latest line already says so."""
    with Session(engine) as session:
        if latest_status(session, application_id, department) == status:
            return False
        session.add(
            ApplicationEvent(
                application_id=application_id, department=department, status=status, note=note[:500]
            )
        )
        session.commit()
        return True


class StatusPoller:
    def __init__(
        self,
        engine: Engine,
        client: httpx.Client,
        base_url: str,
        notify: Callable[[str, str], object] | None = None,
    ) -> None:
        self._engine = engine
        self._client = client
        self._base = base_url.rstrip("/")
        self._notify = notify  # e.g. StatusNotifier: texts the applicant on every change

    def _open_entries(self) -> list[tuple[str, str, str]]:
        with Session(self._engine) as session:
            delivered = session.exec(select(OutboxEntry).where(OutboxEntry.status == "delivered")).all()
            return [
                (e.application_id, e.department, e.department_reference or "")
                for e in delivered
                if e.department_reference
                and latest_status(session, e.application_id, e.department) not in FINAL
            ]

    def poll_once(self) -> int:
        """Ask about every unfinished delivered application; returns how many moved."""
        moved = 0
        for application_id, department, reference in self._open_entries():
            try:
                answer = self._client.get(f"{self._base}/applications/{reference}/status", timeout=3.0)
                code = answer.json().get("code", "") if answer.status_code == 200 else ""
            except (httpx.HTTPError, ValueError):
                continue  # the department is down: ask again next round
            status = DEPARTMENT_STATUS.get(code)
            if status and append_event(self._engine, application_id, department, status, reference):
                moved += 1
                if self._notify is not None:
                    self._notify(application_id, status)
        return moved

    def run_forever(self, stop: threading.Event, interval: float = 5.0) -> None:
        while not stop.wait(interval):
            try:
                self.poll_once()
            except Exception as error:  # keep following statuses whatever one round hit
                logger.error("status poll failed: %s", type(error).__name__)
