"""Database row of one stored upload: who owns it and what it is, never where it came from.

The original filename is kept only as sanitised display text; the bytes live in an
UploadStore under a server-made key (the row's id plus the extension of the detected type).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class StoredUploadRecord(SQLModel, table=True):
    __tablename__ = "stored_upload"
    id: str = Field(primary_key=True, max_length=32)  # random hex, also the storage key's stem
    owner_id: str = Field(index=True, max_length=64)  # the citizen's opaque id, never an ID number
    sha256: str = Field(max_length=64)  # of the stored (cleaned) bytes
    media_type: str = Field(max_length=32)  # image/jpeg, image/png, application/pdf — detected, not declared
    size: int  # bytes stored
    display_name: str = Field(max_length=100)  # sanitised original name, for display only
    created_at: datetime = Field(default_factory=utcnow)
