"""Server-side sessions, one policy per channel, independent of Reflex's client token.

The bearer token is random and only its SHA-256 is stored, so a leaked database does not
leak live sessions. Logout and expiry end a session everywhere at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session

from core.clock import Clock, as_utc, system_clock
from core.identity.records import LoginTicket, SessionRecord

TICKET_TTL = timedelta(minutes=1)
# A session seen this recently is not written again: every Reflex event resolves the caller's
# session, and a write per event was a commit per click. Liveness and revocation are still
# read from the database every time; the idle timer just moves in steps of this size.
TOUCH_INTERVAL = timedelta(seconds=5)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta
    warn_before: timedelta = timedelta(0)


POLICIES: dict[str, SessionPolicy] = {
    "pc": SessionPolicy(
        idle=timedelta(minutes=30), absolute=timedelta(hours=12), warn_before=timedelta(minutes=2)
    ),
    # Mobile access tokens live an hour; MobileTokens renews them with rotating refresh tokens.
    "mobile": SessionPolicy(idle=timedelta(hours=1), absolute=timedelta(hours=1)),
    "kiosk": SessionPolicy(
        idle=timedelta(seconds=90), absolute=timedelta(minutes=30), warn_before=timedelta(seconds=30)
    ),
    "bank_teller": SessionPolicy(
        idle=timedelta(minutes=30), absolute=timedelta(hours=12), warn_before=timedelta(minutes=2)
    ),
    "bank_customer": SessionPolicy(idle=timedelta(minutes=5), absolute=timedelta(hours=1)),
    # A kiosk or bank-terminal browser paired with its terminal (not a person): re-paired daily.
    "terminal": SessionPolicy(idle=timedelta(hours=24), absolute=timedelta(hours=24)),
    "editor": SessionPolicy(
        idle=timedelta(minutes=30), absolute=timedelta(hours=10), warn_before=timedelta(minutes=2)
    ),
}


@dataclass(frozen=True)
class ActiveSession:
    subject_kind: str
    subject_id: str
    channel: str
    idle_expires_at: datetime
    absolute_expires_at: datetime

    @property
    def expires_at(self) -> datetime:
        return min(self.idle_expires_at, self.absolute_expires_at)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, engine: Engine, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._clock = clock

    def start(self, subject_kind: str, subject_id: str, channel: str) -> tuple[str, ActiveSession]:
        """A new session with a new token: never reuse one across logins."""
        policy = POLICIES[channel]
        token = secrets.token_urlsafe(32)
        now = self._clock()
        record = SessionRecord(
            id=token_digest(token),
            subject_kind=subject_kind,
            subject_id=subject_id,
            channel=channel,
            created_at=now,
            last_seen_at=now,
            idle_seconds=int(policy.idle.total_seconds()),
            absolute_expires_at=now + policy.absolute,
        )
        with Session(self._engine) as session:
            session.add(record)
            session.commit()
            return token, _active(record)

    def resolve(self, token: str, touch: bool = True) -> ActiveSession | None:
        """The live session for a token, refreshing its idle timer; None once ended."""
        if not token:
            return None
        now = self._clock()
        with Session(self._engine) as session:
            record = session.get(SessionRecord, token_digest(token))
            if record is None or not _is_live(record, now):
                return None
            if touch and now - as_utc(record.last_seen_at) >= TOUCH_INTERVAL:
                record.last_seen_at = now
                session.add(record)
                session.commit()
            return _active(record)

    def issue_ticket(self, subject_kind: str, subject_id: str, channel: str) -> str:
        """A one-minute, single-use ticket the browser exchanges for an HttpOnly cookie."""
        ticket = secrets.token_urlsafe(24)
        with Session(self._engine) as session:
            session.add(
                LoginTicket(
                    id=token_digest(ticket),
                    subject_kind=subject_kind,
                    subject_id=subject_id,
                    channel=channel,
                    expires_at=self._clock() + TICKET_TTL,
                )
            )
            session.commit()
        return ticket

    def redeem_ticket(self, ticket: str) -> tuple[str, ActiveSession] | None:
        now = self._clock()
        with Session(self._engine) as session:
            claimed = session.exec(
                update(LoginTicket)
                .where(
                    LoginTicket.id == token_digest(ticket or ""),
                    LoginTicket.used_at.is_(None),
                    LoginTicket.expires_at > now,
                )
                .values(used_at=now)
            ).rowcount
            record = session.get(LoginTicket, token_digest(ticket or "")) if claimed == 1 else None
            subject = (record.subject_kind, record.subject_id, record.channel) if record else None
            session.commit()
        return None if subject is None else self.start(*subject)

    def end(self, token: str) -> None:
        self._revoke(SessionRecord.id == token_digest(token))

    def end_all(self, subject_kind: str, subject_id: str, channel: str | None = None) -> None:
        """Log a subject out everywhere (or on one channel)."""
        condition = (SessionRecord.subject_kind == subject_kind) & (SessionRecord.subject_id == subject_id)
        if channel is not None:
            condition = condition & (SessionRecord.channel == channel)
        self._revoke(condition)

    def _revoke(self, condition) -> None:
        with Session(self._engine) as session:
            session.exec(
                update(SessionRecord)
                .where(condition, SessionRecord.revoked_at.is_(None))
                .values(revoked_at=self._clock())
            )
            session.commit()


def _is_live(record: SessionRecord, now: datetime) -> bool:
    if record.revoked_at is not None:
        return False
    idle_end = as_utc(record.last_seen_at) + timedelta(seconds=record.idle_seconds)
    return now < idle_end and now < as_utc(record.absolute_expires_at)


def _active(record: SessionRecord) -> ActiveSession:
    return ActiveSession(
        subject_kind=record.subject_kind,
        subject_id=record.subject_id,
        channel=record.channel,
        idle_expires_at=as_utc(record.last_seen_at) + timedelta(seconds=record.idle_seconds),
        absolute_expires_at=as_utc(record.absolute_expires_at),
    )
