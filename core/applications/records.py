"""Database rows of applications: drafts now; submitted applications and their events."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class DraftRecord(SQLModel, table=True):
    """Answers saved after every step, owned by one citizen, resumable on any channel."""

    __tablename__ = "draft"
    id: str = Field(primary_key=True, max_length=32)
    owner_id: str = Field(index=True, max_length=32)
    target_kind: str = Field(max_length=8)  # item | bundle
    target_code: str = Field(max_length=16)
    scenario_id: str = Field(default="", max_length=64)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # What the platform fetched with consent (e-licences), for 秒批 rules and the checklist.
    facts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    step: int = 0
    channel: str = Field(default="pc", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None


class ApplicationRecord(SQLModel, table=True):
    """A submitted application: stored (with its outbox entries) before any receipt is shown."""

    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("owner_id", "idempotency_key"),)
    id: str = Field(primary_key=True, max_length=32)
    receipt_no: str = Field(unique=True, max_length=32)
    owner_id: str = Field(index=True, max_length=32)
    draft_id: str = Field(unique=True, max_length=32)  # one draft becomes one application
    idempotency_key: str = Field(max_length=64)
    payload_hash: str = Field(max_length=64)
    target_kind: str = Field(max_length=8)
    target_code: str = Field(max_length=16)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    decision: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    channel: str = Field(max_length=16)
    submitted_at: datetime = Field(default_factory=utcnow)


class ApplicationEvent(SQLModel, table=True):
    """One line of the status timeline, per department for bundles."""

    __tablename__ = "application_event"
    id: int | None = Field(default=None, primary_key=True)
    application_id: str = Field(index=True, max_length=32)
    department: str = Field(default="", max_length=64)
    item_code: str = Field(default="", max_length=12)
    status: str = Field(max_length=32)  # submitted, approved, delivered, accepted, in_review, done, rejected
    note: str = Field(default="", max_length=500)
    at: datetime = Field(default_factory=utcnow)


class RatingRecord(SQLModel, table=True):
    """好差评: the applicant's rating of one application once it is decided."""

    __tablename__ = "rating"
    application_id: str = Field(primary_key=True, max_length=32)
    owner_id: str = Field(index=True, max_length=32)
    level: int  # 5 非常满意 … 1 非常不满意
    comment: str = Field(default="", max_length=500)
    channel: str = Field(default="pc", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
