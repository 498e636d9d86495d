"""The claim a submission holds while it is being stored: one per owner and idempotency key,
so a second request with the key meanwhile is told "in progress" instead of racing the first.

A row in the database (SQLite or PostgreSQL), so it holds across workers; the primary key makes
a second claim fail atomically. A claim left by a worker that died expires by itself.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Column, DateTime, Engine, delete, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from core.clock import as_utc

IN_FLIGHT_TTL = timedelta(seconds=30)  # storing takes well under a second


class SubmissionClaim(SQLModel, table=True):
    __tablename__ = "submission_claim"
    owner_id: str = Field(primary_key=True, max_length=64)
    key_hash: str = Field(primary_key=True, max_length=64)  # SHA-256 of the idempotency key
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def _key_hash(idempotency_key: str) -> str:
    return hashlib.sha256(idempotency_key.encode()).hexdigest()


def _mine(owner_id: str, idempotency_key: str):
    return (SubmissionClaim.owner_id == owner_id, SubmissionClaim.key_hash == _key_hash(idempotency_key))


def take_claim(engine: Engine, owner_id: str, idempotency_key: str, now: datetime) -> bool:
    """True if this request now holds the key; False while another request holds it."""
    now = as_utc(now)
    with engine.begin() as connection:  # a claim whose holder died is free again
        connection.execute(
            delete(SubmissionClaim)
            .where(*_mine(owner_id, idempotency_key))
            .where(SubmissionClaim.expires_at <= now)
        )
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(SubmissionClaim).values(
                    owner_id=owner_id, key_hash=_key_hash(idempotency_key), expires_at=now + IN_FLIGHT_TTL
                )
            )
    except IntegrityError:
        return False
    return True


def release_claim(engine: Engine, owner_id: str, idempotency_key: str) -> None:
    """The submission has finished (stored or refused): the key is free at once."""
    with engine.begin() as connection:
        connection.execute(delete(SubmissionClaim).where(*_mine(owner_id, idempotency_key)))
