"""Verifying scanned yiwang codes for the phone channel: signature, expiry, channel, and the
single-use nonce consumed once (shared with every other channel through the database)."""

from __future__ import annotations

from core.db import get_engine
from core.identity.codes import CodeVerifier, VerifiedCode
from core.identity.nonces import SqlNonceStore
from core.services import audit_log
from core.settings import get_settings

CHANNEL = "mobile"


def verify_code(payload: str) -> VerifiedCode:
    """CodeError for a malformed, forged, expired, replayed or kiosk-only code."""
    verifier = CodeVerifier(SqlNonceStore(get_engine(get_settings().database_url)), audit=audit_log())
    return verifier.verify(payload, CHANNEL)
