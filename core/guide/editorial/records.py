"""Rows of the editorial workflow: one draft state per item, every saved version, and the
reusable content blocks guides embed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import system_clock


class GuideDraftRecord(SQLModel, table=True):
    """Where an item's editing stands. `flagged` marks content published without review."""

    __tablename__ = "guide_draft"
    item_code: str = Field(primary_key=True, max_length=12)
    status: str = Field(max_length=16, index=True)  # draft, in_review, scheduled, published
    version: int = 0  # the newest version number
    published_version: int = 0
    submitted_by: str = Field(default="", max_length=64)
    published_by: str = Field(default="", max_length=64)
    flagged: bool = False
    publish_reason: str = Field(default="", max_length=500)
    scheduled_at: datetime | None = Field(default=None, index=True)
    reviewed_at: datetime | None = None
    updated_at: datetime = Field(default_factory=system_clock)


class GuideVersionRecord(SQLModel, table=True):
    __tablename__ = "guide_version"
    __table_args__ = (UniqueConstraint("item_code", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    item_code: str = Field(max_length=12, index=True)
    number: int
    author: str = Field(max_length=64)
    note: str = Field(default="", max_length=200)
    content: dict = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=system_clock)


class ContentBlockRecord(SQLModel, table=True):
    __tablename__ = "content_block"
    slug: str = Field(primary_key=True, max_length=40)
    title: str = Field(max_length=100)
    body: str = Field(max_length=2000)
    body_en: str = Field(default="", max_length=2000)
    updated_by: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=system_clock)
