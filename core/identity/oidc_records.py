"""Database rows of OpenID Connect login: pending authorization requests and the link from
a provider's subject to a citizen."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.identity.records import utcnow


class OidcState(SQLModel, table=True):
    """One pending authorization request: single-use, ten minutes. Only the hash of `state`
    is stored (it travels in URLs); nonce and PKCE verifier never leave the server."""

    __tablename__ = "oidc_state"
    id: str = Field(primary_key=True, max_length=64)  # sha256 of the state parameter
    nonce: str = Field(max_length=64)
    code_verifier: str = Field(max_length=128)
    # Which callback the request was made for (web or mobile): only that flow may redeem it.
    flow: str = Field(default="web", max_length=16, sa_column_kwargs={"server_default": "web"})
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    used_at: datetime | None = None


class CitizenOidcLink(SQLModel, table=True):
    """A provider's stable subject identifier, bound to one citizen on first login."""

    __tablename__ = "citizen_oidc_link"
    provider: str = Field(primary_key=True, max_length=32)  # e.g. "henan"
    subject: str = Field(primary_key=True, max_length=255)  # the ID token's `sub`, opaque
    citizen_id: str = Field(foreign_key="citizen.id", index=True, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime = Field(default_factory=utcnow)
