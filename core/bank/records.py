"""Database rows of the bank channel: consent requests, applications taken at a branch,
and which terminal a teller's or customer's session was opened on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel


class BankConsentRecord(SQLModel, table=True):
    """What the bank asked the customer to allow, and whether the customer's phone said yes."""

    __tablename__ = "bank_consent"
    id: str = Field(primary_key=True, max_length=32)
    citizen_id: str = Field(index=True, max_length=64)
    branch: str = Field(index=True, max_length=200)
    terminal_id: str = Field(max_length=64)
    teller: str = Field(max_length=64)
    item_codes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    purpose: str = Field(max_length=64)
    created_at: datetime
    expires_at: datetime
    confirmed_at: datetime | None = None
    declined_at: datetime | None = None
    ended_at: datetime | None = None  # the customer left: the consent is spent
    # Items whose 告知承诺 the customer signed on the phone while consenting.
    commitments: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Item code -> the scenario the teller asked for (its 告知承诺 is the one the phone shows);
    # None on requests made before scenarios were asked: each item's first scenario.
    scenarios: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class BankConsentSignature(SQLModel, table=True):
    """A 告知承诺 signed on the customer's phone with the consent: the exact text shown there
    (both languages and their SHA-256), who signed it and when. The teller's draft then carries it."""

    __tablename__ = "bank_consent_signature"
    consent_id: str = Field(primary_key=True, max_length=32)
    item_code: str = Field(primary_key=True, max_length=12)
    scenario_id: str = Field(max_length=64)
    text_zh: str = Field(sa_column=Column(Text, nullable=False))
    text_en: str = Field(sa_column=Column(Text, nullable=False))
    text_sha256: str = Field(max_length=64)
    signer_name: str = Field(max_length=64)
    signed_at: datetime


class BankApplicationRecord(SQLModel, table=True):
    """An application taken at a branch: only that branch's staff may read it."""

    __tablename__ = "bank_application"
    application_id: str = Field(primary_key=True, max_length=32)
    branch: str = Field(index=True, max_length=200)
    terminal_id: str = Field(max_length=64)
    teller: str = Field(max_length=64)
    consent_id: str = Field(max_length=32)
    submitted_at: datetime


class BankDeskSessionRecord(SQLModel, table=True):
    """The terminal a teller's or customer's session was opened on: its token works there only."""

    __tablename__ = "bank_desk_session"
    session_id: str = Field(primary_key=True, max_length=64)  # sha256 of the session token
    terminal_id: str = Field(index=True, max_length=64)
    kind: str = Field(max_length=16)  # teller, customer
