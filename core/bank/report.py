"""The branch manager's daily report: every bank act of one branch on one (Beijing) day, read
back from the audit log. Customers appear only as pseudonyms; no name or ID number exists here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditEvent
from core.clock import BEIJING, as_utc

DETAIL_KEYS = ("item", "receipt", "application", "via", "reason", "consent")


@dataclass(frozen=True)
class ReportLine:
    at: str  # HH:MM:SS Beijing time
    teller: str
    terminal: str
    action: str  # without the "bank." prefix
    outcome: str
    customer: str  # pseudonym
    purpose: str
    detail: str


@dataclass(frozen=True)
class BranchReport:
    branch: str
    day: date
    lines: tuple[ReportLine, ...]

    @property
    def applications_submitted(self) -> int:
        return sum(1 for line in self.lines if line.action == "application.submit" and line.outcome == "ok")

    @property
    def customers_served(self) -> int:
        return len({line.customer for line in self.lines if line.customer and line.outcome == "ok"})

    @property
    def refusals(self) -> int:
        return sum(1 for line in self.lines if line.outcome == "refused")

    def by_teller(self) -> dict[str, int]:
        return dict(
            Counter(
                line.teller
                for line in self.lines
                if line.action == "application.submit" and line.outcome == "ok"
            )
        )


def _line(event: AuditEvent) -> ReportLine:
    detail = event.detail or {}
    shown = " ".join(f"{key}={detail[key]}" for key in DETAIL_KEYS if detail.get(key) not in (None, ""))
    return ReportLine(
        as_utc(event.at).astimezone(BEIJING).strftime("%H:%M:%S"),
        event.actor
        if event.channel == "bank"
        else str(detail.get("teller", "")),  # phone answers name theirs
        event.terminal,
        event.action.removeprefix("bank."),
        event.outcome,
        str(detail.get("customer", "")),
        str(detail.get("purpose", "")),
        shown,
    )


def branch_report(engine: Engine, branch: str, day: date) -> BranchReport:
    start = as_utc(datetime.combine(day, time(0), BEIJING))
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(
                AuditEvent.action.startswith("bank."),
                AuditEvent.at >= start,
                AuditEvent.at < start + timedelta(days=1),
            )
            .order_by(AuditEvent.at, AuditEvent.id)
        ).all()
    lines = tuple(_line(e) for e in events if (e.detail or {}).get("branch") == branch)
    return BranchReport(branch, day, lines)
