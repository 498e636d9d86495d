"""Database rows of registered kiosks and bank terminals.

No key is stored: a terminal's key is HMAC(master, terminal id | key_salt), where the master
is derived from Settings.secret_key (see core.identity.terminals). A copy of this table alone
does not let anyone sign requests.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from core.identity.nonces import utcnow


class TerminalRecord(SQLModel, table=True):
    __tablename__ = "terminal"
    id: str = Field(primary_key=True, max_length=64)  # e.g. "kiosk-xinhua-01"
    kind: str = Field(max_length=8, index=True)  # "kiosk" or "bank"
    site: str = Field(max_length=200)  # hall or bank branch name / code
    key_salt: str = Field(max_length=64)  # 32 random bytes, hex; new salt = new key
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
