"""告知承诺 materials past their deadline: the department is told once, the citizen texted once.

`OverdueCommitments.notify_due()` claims every owed material still unsupplied after its due
day (Beijing date) and not yet notified, and in the same transaction puts one
`commitment_overdue` notice per application and department in the outbox, so the relay hands
it to the department system like the application itself. The claim takes the rows under
FOR UPDATE SKIP LOCKED (PostgreSQL) or in one UPDATE under SQLite's single writer lock, so
with several relays each material is notified once. The timeline line is written when the
department has the notice (delivery.notices); the citizen's text is claimed the same way
(`overdue_texted_at`) and given back if the gateway refused it, so it is sent once.
A material supplied afterwards sends a `commitment_supplied` notice (see `Commitments.supply`).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlmodel import Session

from core.applications.commitment_records import OwedMaterial
from core.applications.commitment_reminders import CommitmentTexts
from core.applications.delivery.notices import COMMITMENT_OVERDUE
from core.applications.delivery.outbox import enqueue
from core.applications.notifications import phone_for_texts
from core.clock import BEIJING
from core.integrations.errors import DepartmentError, DepartmentUnavailable

logger = logging.getLogger(__name__)
_OWED = OwedMaterial.__table__  # type: ignore[attr-defined]
TEXT = (
    "【平顶山一网通办】您的申请（受理编号 {receipt}）按告知承诺应在 {due} 前补交的{materials}已逾期，"
    "已通知审批部门。请尽快登录平顶山一网通办补交。"
)


def _claim(session: Session, where: Any, values: dict[str, Any], limit: int) -> list[OwedMaterial]:
    """Set `values` on up to `limit` rows matching `where`, each row by one worker only: under
    FOR UPDATE SKIP LOCKED (PostgreSQL) or in one UPDATE under SQLite's single writer lock."""
    due = select(_OWED.c.id).where(where).order_by(_OWED.c.id).limit(limit)
    claim = update(_OWED).values(**values)
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(due.with_for_update(skip_locked=True)))
        if not ids:
            return []
        statement = claim.where(_OWED.c.id.in_(ids))
    else:
        statement = claim.where(_OWED.c.id.in_(due.scalar_subquery()), where)
    return [OwedMaterial(**row._mapping) for row in session.execute(statement.returning(*_OWED.c))]


def claim_overdue(session: Session, now: datetime, limit: int = 100) -> list[OwedMaterial]:
    """Mark up to `limit` unsupplied materials due before `now`'s Beijing date as notified; the
    caller enqueues their notices in the same transaction and commits."""
    today = now.astimezone(BEIJING).date()
    overdue = and_(
        _OWED.c.supplied_at.is_(None), _OWED.c.overdue_notified_at.is_(None), _OWED.c.due_on < today
    )
    return _claim(session, overdue, {"overdue_notified_at": now}, limit)


def _by_application(rows: list[OwedMaterial]) -> dict[str, list[OwedMaterial]]:
    grouped: dict[str, list[OwedMaterial]] = defaultdict(list)
    for row in rows:
        grouped[row.application_id].append(row)
    return grouped


class OverdueCommitments(CommitmentTexts):
    def notify_due(self, limit: int = 100) -> int:
        """Notify every newly overdue application, then text its applicant (and any text a
        refusing gateway held back before); returns how many notices were queued."""
        now = self._clock()
        with Session(self._engine) as session:
            claimed = claim_overdue(session, now, limit)
            groups: dict[tuple[str, str], list[OwedMaterial]] = defaultdict(list)
            for row in claimed:
                groups[(row.application_id, self._department(row.item_code))].append(row)
            for (application_id, department), rows in groups.items():
                enqueue(session, application_id, department, self._payload(rows), now, COMMITMENT_OVERDUE)
            session.commit()
        self._text_untold(now, limit)
        return len(groups)

    def _text_untold(self, now: datetime, limit: int) -> None:
        """Text each notified applicant once: the rows are claimed before texting and given
        back when the gateway refused, for the next round."""
        untold = and_(
            _OWED.c.overdue_notified_at.is_not(None),
            _OWED.c.overdue_texted_at.is_(None),
            _OWED.c.supplied_at.is_(None),
        )
        with Session(self._engine) as session:
            claimed = _claim(session, untold, {"overdue_texted_at": now}, limit)
            session.commit()
        for rows in _by_application(claimed).values():
            if not self._text(rows[0].application_id, rows):
                with Session(self._engine) as session:
                    ids = [row.id for row in rows]
                    session.execute(update(_OWED).where(_OWED.c.id.in_(ids)).values(overdue_texted_at=None))
                    session.commit()

    def _department(self, item_code: str) -> str:
        return self._catalogue.item(item_code).department

    def _payload(self, rows: list[OwedMaterial]) -> dict:
        return {
            "item_code": rows[0].item_code,
            "owed": [
                {"item": r.item_code, "material": r.material_id, "due_on": r.due_on.isoformat()} for r in rows
            ],
        }

    def _text(self, application_id: str, rows: list[OwedMaterial]) -> bool:
        """Whether the text is done with: sent, or nobody to send it to."""
        application, citizen = self._applicant(application_id)
        phone = phone_for_texts(citizen, application) if citizen is not None else ""
        if not phone:  # nobody to text (a kiosk account without a phone or a contact phone)
            return True
        text = TEXT.format(
            receipt=application.receipt_no,
            due=min(r.due_on for r in rows).isoformat(),
            materials="、".join(self._name(r.item_code, r.material_id) for r in rows),
        )
        try:
            self._sms.send(phone, text)
        except DepartmentUnavailable as down:
            logger.warning("overdue commitment text not sent, tried next round: %s", type(down).__name__)
            return False
        except DepartmentError as refused:  # the gateway refuses this number: asking again will not help
            logger.warning("overdue commitment text refused: %s", type(refused).__name__)
        return True

    def run_forever(self, stop: threading.Event, interval: float = 60.0) -> None:
        while not stop.wait(interval):
            try:
                self.notify_due()
            except Exception as error:  # keep watching deadlines whatever one round hit
                logger.error("overdue commitments failed: %s", type(error).__name__)
