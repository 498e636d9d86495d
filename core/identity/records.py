"""Database rows of identity: citizens, one-time login codes, sessions, staff accounts."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class CitizenRecord(SQLModel, table=True):
    __tablename__ = "citizen"
    id: str = Field(primary_key=True, max_length=32)  # opaque, never the ID number
    phone: str = Field(unique=True, max_length=11)
    name: str = Field(default="", max_length=64)
    id_number: str | None = Field(default=None, unique=True, max_length=18)
    real_name_verified_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class OtpChallenge(SQLModel, table=True):
    __tablename__ = "otp_challenge"
    id: int | None = Field(default=None, primary_key=True)
    phone_key: str = Field(index=True, max_length=32)  # pseudonym of the phone number
    client_key: str = Field(index=True, max_length=32)  # pseudonym of the client address
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None


class SessionRecord(SQLModel, table=True):
    __tablename__ = "user_session"
    id: str = Field(primary_key=True, max_length=64)  # sha256 of the bearer token
    subject_kind: str = Field(max_length=16)  # citizen, staff
    subject_id: str = Field(index=True, max_length=64)
    channel: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    idle_seconds: int
    absolute_expires_at: datetime
    revoked_at: datetime | None = None


class StaffRecord(SQLModel, table=True):
    __tablename__ = "staff_account"
    username: str = Field(primary_key=True, max_length=64)
    display_name: str = Field(max_length=64)
    password_hash: str = Field(max_length=255)
    totp_secret: str = Field(max_length=64)
    roles: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    failed_attempts: int = 0
    locked_until: datetime | None = None
    # A TOTP code is accepted once: replays of a step already seen are refused.
    last_totp_step: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class LoginTicket(SQLModel, table=True):
    """A single-use, one-minute ticket that turns a verified login into a session cookie."""

    __tablename__ = "login_ticket"
    id: str = Field(primary_key=True, max_length=64)  # sha256 of the ticket
    subject_kind: str = Field(max_length=16)
    subject_id: str = Field(max_length=64)
    channel: str = Field(max_length=16)
    expires_at: datetime
    used_at: datetime | None = None


class RefreshTokenRecord(SQLModel, table=True):
    """A mobile refresh token: used once, then replaced; reuse revokes its whole family."""

    __tablename__ = "refresh_token"
    id: str = Field(primary_key=True, max_length=64)  # sha256 of the token
    family_id: str = Field(index=True, max_length=32)
    subject_kind: str = Field(max_length=16)
    subject_id: str = Field(index=True, max_length=64)
    channel: str = Field(max_length=16)
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None
