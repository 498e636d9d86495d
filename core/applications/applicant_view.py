"""What a citizen's own channel may show of their applications: finding one by its receipt
number (a scanned receipt code), and the status changes across all of them (notifications)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.drafts import DraftNotFound
from core.applications.records import ApplicationEvent, ApplicationRecord


@dataclass(frozen=True)
class StatusChange:
    id: int
    application_id: str
    receipt_no: str
    status: str
    department: str
    item_code: str
    at: datetime


class ApplicantView:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def application_id_for_receipt(self, owner_id: str, receipt_no: str) -> str:
        """The caller's application with this receipt number; DraftNotFound for anyone else's."""
        with Session(self._engine) as session:
            record = session.exec(
                select(ApplicationRecord).where(ApplicationRecord.receipt_no == receipt_no)
            ).first()
        if record is None or record.owner_id != owner_id:
            raise DraftNotFound(receipt_no)
        return record.id

    def status_changes(self, owner_id: str, after_id: int = 0, limit: int = 20) -> list[StatusChange]:
        """The owner's timeline lines, oldest first after `after_id` (a notification cursor)."""
        query = (
            select(ApplicationEvent, ApplicationRecord.receipt_no)
            .join(ApplicationRecord, ApplicationRecord.id == ApplicationEvent.application_id)
            .where(ApplicationRecord.owner_id == owner_id, ApplicationEvent.id > after_id)
            .order_by(ApplicationEvent.id)
            .limit(limit)
        )
        with Session(self._engine) as session:
            return [
                StatusChange(e.id, e.application_id, receipt, e.status, e.department, e.item_code, e.at)
                for e, receipt in session.exec(query)
            ]
