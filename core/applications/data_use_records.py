"""Database rows of the "who used my data" log (用证记录): one row per e-licence fetch."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class DataUseRecord(SQLModel, table=True):
    """Append-only: who fetched which licence of a citizen, when, for what, and how it went.

    Holds no ID number or licence content, only the citizen's opaque id."""

    __tablename__ = "data_use"
    id: int | None = Field(default=None, primary_key=True)
    citizen_id: str = Field(index=True, max_length=32)  # whose data: CitizenRecord.id
    at: datetime = Field(default_factory=utcnow, index=True)
    licence_type: str = Field(max_length=64)  # e.g. 居民户口簿
    purpose: str = Field(max_length=64)  # "item:<item code>" or "application:<id>"
    requester: str = Field(max_length=64)  # "<channel>:<terminal>" or "department:<code>"
    outcome: str = Field(max_length=16)  # ok | none_found | failed
