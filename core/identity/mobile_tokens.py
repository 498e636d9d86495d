"""Mobile API tokens: a one-hour access token (a server-side session of the "mobile" policy)
and a 30-day refresh token that rotates on every use. A refresh token used twice means it
leaked: the whole family and the subject's mobile sessions are revoked."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session

from core.clock import Clock, as_utc, system_clock
from core.identity.records import RefreshTokenRecord
from core.identity.sessions import SessionStore, token_digest

REFRESH_TTL = timedelta(days=30)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


class RefreshRefused(Exception):
    """`code`: unknown, expired, reused (the family is now revoked)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class MobileTokens:
    def __init__(self, engine: Engine, sessions: SessionStore, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._sessions = sessions
        self._clock = clock

    def issue(self, subject_kind: str, subject_id: str, family_id: str | None = None) -> TokenPair:
        access, active = self._sessions.start(subject_kind, subject_id, "mobile")
        refresh = secrets.token_urlsafe(32)
        expires = self._clock() + REFRESH_TTL
        with Session(self._engine) as session:
            session.add(
                RefreshTokenRecord(
                    id=token_digest(refresh),
                    family_id=family_id or uuid.uuid4().hex,
                    subject_kind=subject_kind,
                    subject_id=subject_id,
                    channel="mobile",
                    expires_at=expires,
                )
            )
            session.commit()
        return TokenPair(access, active.expires_at, refresh, expires)

    def refresh(self, refresh_token: str) -> TokenPair:
        now = self._clock()
        with Session(self._engine) as session:
            record = session.get(RefreshTokenRecord, token_digest(refresh_token or ""))
            if record is None or record.revoked_at is not None:
                raise RefreshRefused("unknown")
            if record.used_at is not None:
                self._revoke_family(session, record.family_id, now)
                session.commit()
                self._sessions.end_all(record.subject_kind, record.subject_id, channel="mobile")
                raise RefreshRefused("reused")
            if now >= as_utc(record.expires_at):
                raise RefreshRefused("expired")
            claimed = session.exec(
                update(RefreshTokenRecord)
                .where(RefreshTokenRecord.id == record.id, RefreshTokenRecord.used_at.is_(None))
                .values(used_at=now)
            )
            session.commit()
            if claimed.rowcount != 1:  # a concurrent refresh won: treat as reuse
                raise RefreshRefused("reused")
            subject = (record.subject_kind, record.subject_id, record.family_id)
        return self.issue(subject[0], subject[1], family_id=subject[2])

    def revoke_all(self, subject_kind: str, subject_id: str) -> None:
        """Logout everywhere on phones: every refresh token and every mobile session."""
        now = self._clock()
        with Session(self._engine) as session:
            session.exec(
                update(RefreshTokenRecord)
                .where(
                    RefreshTokenRecord.subject_kind == subject_kind,
                    RefreshTokenRecord.subject_id == subject_id,
                    RefreshTokenRecord.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )
            session.commit()
        self._sessions.end_all(subject_kind, subject_id, channel="mobile")

    def _revoke_family(self, session: Session, family_id: str, now: datetime) -> None:
        session.exec(
            update(RefreshTokenRecord)
            .where(RefreshTokenRecord.family_id == family_id, RefreshTokenRecord.revoked_at.is_(None))
            .values(revoked_at=now)
        )
