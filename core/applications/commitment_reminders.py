"""Reminders before each 告知承诺 deadline, by SMS through the gateway, each sent once.

`due_reminders(engine, today)` lists what is due: for every application and deadline with a
material still owed, the nearest lead time (7 days, then 1 day before) whose window has opened
and has not been used. `CommitmentReminders.send_due()` claims each reminder by inserting its
unique row before texting, so two workers, a restart or a second round never send it twice; a
text the gateway refused gives the claim back for the next round. Runs in the relay worker.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from core.applications.commitment_records import CommitmentReminder, OwedMaterial
from core.applications.notifications import phone_for_texts
from core.applications.records import ApplicationRecord
from core.clock import BEIJING, Clock, system_clock
from core.guide.catalogue import Catalogue
from core.identity.records import CitizenRecord
from core.integrations.errors import DepartmentError
from core.integrations.sms import SmsGateway

logger = logging.getLogger(__name__)
LEAD_DAYS = (7, 1)
TEXT = (
    "【平顶山一网通办】提醒：您的申请（受理编号 {receipt}）按告知承诺，应在 {due} 前补交：{materials}。"
    "还剩 {days} 天，请登录平顶山一网通办上传。"
)


@dataclass(frozen=True)
class DueReminder:
    application_id: str
    due_on: date
    days_before: int  # the lead time this reminder stands for
    passed_over: tuple[int, ...]  # longer lead times whose window also opened: not sent any more
    materials: tuple[tuple[str, str], ...]  # (item code, material id) still owed


def due_reminders(engine: Engine, today: date, lead_days: tuple[int, ...] = LEAD_DAYS) -> list[DueReminder]:
    """Reminders due on `today` (Beijing date), oldest deadline first."""
    with Session(engine) as session:
        owed = session.exec(
            select(OwedMaterial).where(OwedMaterial.supplied_at.is_(None), OwedMaterial.due_on >= today)
        ).all()
        open_ids = {row.application_id for row in owed}
        sent = session.exec(select(CommitmentReminder).where(CommitmentReminder.application_id.in_(open_ids)))
        used = {(r.application_id, r.due_on, r.days_before) for r in sent}
    groups: dict[tuple[str, date], list[tuple[str, str]]] = defaultdict(list)
    for row in owed:
        groups[(row.application_id, row.due_on)].append((row.item_code, row.material_id))
    due = []
    for (application_id, due_on), materials in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0])):
        opened = sorted(d for d in lead_days if (due_on - today).days <= d)
        if not opened or (application_id, due_on, opened[0]) in used:
            continue
        passed = tuple(d for d in opened[1:] if (application_id, due_on, d) not in used)
        due.append(DueReminder(application_id, due_on, opened[0], passed, tuple(sorted(materials))))
    return due


class CommitmentTexts:
    """What the deadline workers share: texting the applicant about owed materials by name."""

    def __init__(
        self, engine: Engine, sms: SmsGateway, catalogue: Catalogue, clock: Clock = system_clock
    ) -> None:
        self._engine = engine
        self._sms = sms
        self._catalogue = catalogue
        self._clock = clock

    def _applicant(self, application_id: str) -> tuple[ApplicationRecord | None, CitizenRecord | None]:
        with Session(self._engine) as session:
            application = session.get(ApplicationRecord, application_id)
            citizen = session.get(CitizenRecord, application.owner_id) if application else None
        return application, citizen

    def _name(self, item_code: str, material_id: str) -> str:
        item = self._catalogue.find_item(item_code)
        materials = [m for s in item.scenarios for m in s.materials] if item else []
        return next((m.name for m in materials if m.id == material_id), material_id)


class CommitmentReminders(CommitmentTexts):
    def send_due(self) -> int:
        """Text every due reminder once; returns how many were sent."""
        today = self._clock().astimezone(BEIJING).date()
        sent = 0
        for reminder in due_reminders(self._engine, today):
            if self._claim(reminder) and self._send(reminder, today):
                sent += 1
        return sent

    def _claim(self, reminder: DueReminder) -> bool:
        now = self._clock()
        rows = [
            CommitmentReminder(
                application_id=reminder.application_id,
                due_on=reminder.due_on,
                days_before=reminder.days_before,
                status="sending",
                at=now,
            )
        ]
        rows += [
            CommitmentReminder(
                application_id=reminder.application_id,
                due_on=reminder.due_on,
                days_before=days,
                status="skipped",
                at=now,
            )
            for days in reminder.passed_over
        ]
        try:
            with Session(self._engine) as session:
                session.add_all(rows)
                session.commit()
        except IntegrityError:  # another worker claimed it first
            return False
        return True

    def _send(self, reminder: DueReminder, today: date) -> bool:
        with Session(self._engine) as session:
            application = session.get(ApplicationRecord, reminder.application_id)
            citizen = session.get(CitizenRecord, application.owner_id) if application else None
        phone = phone_for_texts(citizen, application) if citizen is not None else ""
        if not phone:  # nobody, or an account opened at a kiosk that gave no number
            self._mark(reminder, "skipped")
            return False
        names = "、".join(self._name(code, material) for code, material in reminder.materials)
        text = TEXT.format(
            receipt=application.receipt_no,
            due=reminder.due_on.isoformat(),
            materials=names,
            days=(reminder.due_on - today).days,
        )
        try:
            self._sms.send(phone, text)
        except DepartmentError as down:
            logger.warning("commitment reminder not sent, tried again next round: %s", type(down).__name__)
            self._release(reminder)
            return False
        self._mark(reminder, "sent")
        return True

    def _where(self, reminder: DueReminder):
        return (
            CommitmentReminder.application_id == reminder.application_id,
            CommitmentReminder.due_on == reminder.due_on,
        )

    def _mark(self, reminder: DueReminder, status: str) -> None:
        with Session(self._engine) as session:
            row = session.exec(
                select(CommitmentReminder).where(
                    *self._where(reminder), CommitmentReminder.days_before == reminder.days_before
                )
            ).one()
            row.status = status
            session.add(row)
            session.commit()

    def _release(self, reminder: DueReminder) -> None:
        days = (reminder.days_before, *reminder.passed_over)
        with Session(self._engine) as session:
            session.exec(
                delete(CommitmentReminder).where(
                    *self._where(reminder), CommitmentReminder.days_before.in_(days)
                )
            )
            session.commit()

    def run_forever(self, stop: threading.Event, interval: float = 60.0) -> None:
        while not stop.wait(interval):
            try:
                self.send_due()
            except Exception as error:  # keep reminding whatever one round hit
                logger.error("commitment reminders failed: %s", type(error).__name__)
