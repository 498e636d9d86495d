"""Rows of the editorial workflow: one draft state per guide, bundle or content block, every
saved version, and the published content blocks guides embed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import system_clock


class EditorialDraftRecord(SQLModel, table=True):
    """Where the editing of one guide, bundle or content block stands (`kind` + `key`).
    `flagged` marks content published without review."""

    __tablename__ = "editorial_draft"
    kind: str = Field(primary_key=True, max_length=16)  # guide, bundle, block
    key: str = Field(primary_key=True, max_length=40)  # item code, bundle code, block slug
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


class EditorialVersionRecord(SQLModel, table=True):
    __tablename__ = "editorial_version"
    __table_args__ = (UniqueConstraint("kind", "key", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    key: str = Field(max_length=40, index=True)
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
