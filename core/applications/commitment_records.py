"""Database rows of 告知承诺: the signed commitment, what it still owes, and the reminders sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import system_clock


class CommitmentRecord(SQLModel, table=True):
    """One signature: who signed which text (by its hash) for which item of which draft, when, where."""

    __tablename__ = "commitment"
    __table_args__ = (UniqueConstraint("draft_id", "item_code"),)
    id: str = Field(primary_key=True, max_length=32)
    owner_id: str = Field(index=True, max_length=32)
    draft_id: str = Field(index=True, max_length=32)
    item_code: str = Field(max_length=12)
    scenario_id: str = Field(default="", max_length=64)
    text_hash: str = Field(max_length=64)  # SHA-256 of the exact Chinese and English text shown
    signer_name: str = Field(max_length=64)
    channel: str = Field(max_length=16)  # where it was signed: pc, mobile, kiosk, bank_phone …
    signed_at: datetime = Field(default_factory=system_clock)
    application_id: str | None = Field(default=None, index=True, max_length=32)


class OwedMaterial(SQLModel, table=True):
    """A material the applicant committed to supply after the decision, by `due_on` (Beijing date)."""

    __tablename__ = "owed_material"
    __table_args__ = (UniqueConstraint("application_id", "item_code", "material_id"),)
    id: int | None = Field(default=None, primary_key=True)
    application_id: str = Field(index=True, max_length=32)
    commitment_id: str = Field(max_length=32)
    item_code: str = Field(max_length=12)
    material_id: str = Field(max_length=64)
    due_on: date = Field(index=True)
    supplied_at: datetime | None = None
    upload_id: str = Field(default="", max_length=32)
    # When the relay claimed it as overdue and told the department (once; see commitment_overdue).
    overdue_notified_at: datetime | None = None
    overdue_texted_at: datetime | None = None  # the applicant was texted about it (once)


class CommitmentReminder(SQLModel, table=True):
    """One reminder text per application, deadline and lead time: the unique key makes it once."""

    __tablename__ = "commitment_reminder"
    __table_args__ = (UniqueConstraint("application_id", "due_on", "days_before"),)
    id: int | None = Field(default=None, primary_key=True)
    application_id: str = Field(max_length=32)
    due_on: date
    days_before: int
    status: str = Field(max_length=16)  # sending, sent, skipped (a nearer reminder went instead)
    at: datetime = Field(default_factory=system_clock)
