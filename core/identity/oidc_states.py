"""Pending OIDC authorization requests, kept server-side: the state (as a hash), the nonce
and the PKCE verifier, valid ten minutes and redeemable once, whichever worker answers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, delete, update
from sqlmodel import Session

from core.clock import Clock, system_clock
from core.identity.oidc_records import OidcState

STATE_TTL = timedelta(minutes=10)
PURGE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class PendingRequest:
    nonce: str
    code_verifier: str


def _state_id(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


class OidcStateStore:
    def __init__(self, engine: Engine, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._clock = clock

    def save(self, state: str, nonce: str, code_verifier: str, flow: str = "web") -> None:
        now = self._clock()
        with Session(self._engine) as session:
            # Old requests are worthless; dropping them here keeps the table small without a job.
            session.exec(delete(OidcState).where(OidcState.expires_at < now - PURGE_AFTER))
            session.add(
                OidcState(
                    id=_state_id(state),
                    nonce=nonce,
                    code_verifier=code_verifier,
                    flow=flow,
                    created_at=now,
                    expires_at=now + STATE_TTL,
                )
            )
            session.commit()

    def claim(self, state: str, flow: str = "web") -> PendingRequest | None:
        """The request behind `state`, once: None if unknown, expired, already claimed or made
        for the other flow (a web state never completes a mobile login, nor the reverse)."""
        now = self._clock()
        state_id = _state_id(state or "")
        with Session(self._engine) as session:
            claimed = session.exec(
                update(OidcState)
                .where(OidcState.id == state_id, OidcState.used_at.is_(None), OidcState.expires_at > now)
                .where(OidcState.flow == flow)
                .values(used_at=now)
            ).rowcount
            record = session.get(OidcState, state_id) if claimed == 1 else None
            pending = PendingRequest(record.nonce, record.code_verifier) if record else None
            session.commit()
        return pending
