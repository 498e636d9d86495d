"""Database rows of the catalogue. Each row keeps the validated model as JSON content,
plus the columns the catalogue is filtered and ordered by."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class DepartmentRecord(SQLModel, table=True):
    __tablename__ = "department"
    code: str = Field(primary_key=True, max_length=64)
    position: int
    content: dict = Field(sa_column=Column(JSON, nullable=False))


class LifeEventRecord(SQLModel, table=True):
    __tablename__ = "life_event"
    id: str = Field(primary_key=True, max_length=64)
    position: int
    content: dict = Field(sa_column=Column(JSON, nullable=False))


class ItemRecord(SQLModel, table=True):
    __tablename__ = "item"
    code: str = Field(primary_key=True, max_length=12)
    department: str = Field(index=True, max_length=64)
    name: str = Field(max_length=200)
    plain_name: str = Field(max_length=200)
    popularity: int = Field(index=True)
    content: dict = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=_now)


class BundleRecord(SQLModel, table=True):
    __tablename__ = "bundle"
    code: str = Field(primary_key=True, max_length=16)
    life_event: str = Field(index=True, max_length=64)
    content: dict = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=_now)


class CatalogueRevision(SQLModel, table=True):
    """One row per change of published content; caches compare the newest id."""

    __tablename__ = "catalogue_revision"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=_now)
    note: str = Field(max_length=500)
