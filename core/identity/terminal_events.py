"""What a terminal's devices saw (a QR code, an ID card), waiting for the terminal's screen.

The device agent beside a kiosk or bank-terminal browser posts each read, signed with the
terminal's key; the screen's server-side state takes them. A read is kept for at most
`MAX_AGE` and deleted once taken, so a card record does not stay in the database, and
`discard` drops whatever is pending when one person's session ends, so the next person never
receives it. The database (not process memory) holds them so that any backend worker can
serve the terminal's screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Column, DateTime, Engine, Text, delete
from sqlmodel import Field, Session, SQLModel, select

from core.clock import Clock, as_utc, system_clock

EventKind = Literal["qr", "id_card"]
KINDS: tuple[EventKind, ...] = ("qr", "id_card")
MAX_AGE = timedelta(seconds=30)
MAX_PENDING = 20  # per terminal: a stuck screen must not let reads pile up


class TerminalEventRecord(SQLModel, table=True):
    __tablename__ = "terminal_event"
    id: int | None = Field(default=None, primary_key=True)
    terminal_id: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=16)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


@dataclass(frozen=True)
class TerminalEvent:
    id: int
    terminal_id: str
    kind: str
    payload: dict[str, Any]
    created_at: datetime


class TerminalEvents:
    def __init__(self, engine: Engine, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._clock = clock

    def post(self, terminal_id: str, kind: EventKind, payload: dict[str, Any]) -> TerminalEvent:
        if kind not in KINDS:
            raise ValueError(f"a terminal event is one of {KINDS}, not {kind!r}")
        record = TerminalEventRecord(
            terminal_id=terminal_id,
            kind=kind,
            payload=json.dumps(payload, ensure_ascii=False),
            created_at=self._clock(),
        )
        with Session(self._engine, expire_on_commit=False) as session:
            session.add(record)
            session.commit()
            self._trim(session, terminal_id)
        return _event(record)

    def take(self, terminal_id: str) -> list[TerminalEvent]:
        """The terminal's pending reads younger than MAX_AGE, oldest first; each is returned once."""
        fresh_after = self._clock() - MAX_AGE
        taken: list[TerminalEvent] = []
        with Session(self._engine) as session:
            rows = session.exec(
                select(TerminalEventRecord)
                .where(TerminalEventRecord.terminal_id == terminal_id)
                .order_by(TerminalEventRecord.id)
            ).all()
            for row in rows:
                event = _event(row)
                claimed = session.exec(delete(TerminalEventRecord).where(TerminalEventRecord.id == row.id))
                if claimed.rowcount == 1 and event.created_at > fresh_after:
                    taken.append(event)
            session.commit()
        return taken

    def discard(self, terminal_id: str) -> int:
        """Drop every pending read of the terminal (one person's session has ended)."""
        with Session(self._engine) as session:
            dropped = session.exec(
                delete(TerminalEventRecord).where(TerminalEventRecord.terminal_id == terminal_id)
            ).rowcount
            session.commit()
        return dropped

    def _trim(self, session: Session, terminal_id: str) -> None:
        ids = session.exec(
            select(TerminalEventRecord.id)
            .where(TerminalEventRecord.terminal_id == terminal_id)
            .order_by(TerminalEventRecord.id.desc())
            .offset(MAX_PENDING)
        ).all()
        if ids:
            session.exec(delete(TerminalEventRecord).where(TerminalEventRecord.id.in_(ids)))
            session.commit()


def _event(record: TerminalEventRecord) -> TerminalEvent:
    return TerminalEvent(
        id=record.id or 0,
        terminal_id=record.terminal_id,
        kind=record.kind,
        payload=json.loads(record.payload),
        created_at=as_utc(record.created_at),
    )
