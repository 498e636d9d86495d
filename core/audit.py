"""The append-only audit log: who did what, when, on which channel and terminal.

Never holds a full ID number, phone number or code: callers pass `pseudonym()` of such
values, which is stable (so events of one person can be linked) but not reversible
without the server's secret.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from sqlalchemy import JSON, Column, Engine
from sqlmodel import Field, Session, SQLModel, select

from core.settings import get_settings


def _now() -> datetime:
    return datetime.now(UTC)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=_now, index=True)
    action: str = Field(max_length=64, index=True)  # e.g. "login.otp.sent", "code.scan"
    outcome: str = Field(max_length=32)  # "ok", "refused", "failed"
    actor: str = Field(max_length=64, default="")  # pseudonym or staff username
    channel: str = Field(max_length=16, default="")  # pc, mobile, kiosk, bank, editor, cli
    terminal: str = Field(max_length=64, default="")
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def pseudonym(value: str, purpose: str = "person") -> str:
    """A keyed hash for linking events without storing the value itself."""
    key = f"{get_settings().secret_key}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]


class AuditLog:
    """Writes events; there is deliberately no update or delete."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(
        self,
        action: str,
        outcome: str,
        *,
        actor: str = "",
        channel: str = "",
        terminal: str = "",
        **detail: str | int | bool,
    ) -> None:
        event = AuditEvent(
            action=action, outcome=outcome, actor=actor, channel=channel, terminal=terminal, detail=detail
        )
        with Session(self._engine) as session:
            session.add(event)
            session.commit()

    def events(self, action_prefix: str = "", limit: int = 100) -> list[AuditEvent]:
        with Session(self._engine) as session:
            query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
            if action_prefix:
                query = query.where(AuditEvent.action.startswith(action_prefix))
            return list(session.exec(query))
