"""Signing a walk-in in at a self-service kiosk: by the ID card on the kiosk's reader or by the
e-ID code their phone shows. Either starts a short "kiosk" session (idle 90 s) bound to the
terminal; the kiosk keeps its token server-side and ends it when the person leaves.

Here a card signs in only a citizen whose real name is already verified: the card's number is
matched against verified numbers. A card holder without an account is enrolled by
core.identity.kiosk_enrolment, after the population register confirms the card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog, pseudonym
from core.clock import BEIJING, Clock, system_clock
from core.identity.codes import CodeError, CodeVerifier
from core.identity.id_numbers import mask_id_number
from core.identity.records import CitizenRecord
from core.identity.sessions import ActiveSession, SessionStore

KIOSK_CHANNEL = "kiosk"
ERROR_CODES = frozenset({"card_expired", "no_account", "not_an_eid"})


class KioskSignInError(Exception):
    """`code`: card_expired, no_account, not_an_eid, or a CodeError code of the e-ID code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class CardHolder(Protocol):
    """What a read ID card tells us (core.identity.id_card.IdCard satisfies it)."""

    @property
    def id_number(self) -> str: ...

    def is_valid_on(self, day: date) -> bool: ...


@dataclass(frozen=True)
class KioskSignedIn:
    token: str  # the session's bearer token: keep it server-side, never send it to the browser
    citizen_id: str
    masked_name: str
    masked_id_number: str
    expires_at: datetime
    how: str  # "id_card" or "eid"


def mask_name(name: str) -> str:
    """张*三 / 李*, as ID cards are masked (IdCard.masked_name): for screens and paper."""
    name = name.strip()
    if len(name) <= 2:
        return name[:1] + "*" if name else ""
    return name[0] + "*" * (len(name) - 2) + name[-1]


class KioskSignIn:
    def __init__(
        self,
        engine: Engine,
        sessions: SessionStore,
        verifier: CodeVerifier,
        audit: AuditLog,
        clock: Clock = system_clock,
    ) -> None:
        self._engine = engine
        self._sessions = sessions
        self._verifier = verifier
        self._audit = audit
        self._clock = clock

    def by_card(self, card: CardHolder, terminal_id: str) -> KioskSignedIn:
        actor = pseudonym(card.id_number)
        if not card.is_valid_on(self._clock().astimezone(BEIJING).date()):
            return self._refuse("card_expired", actor, terminal_id, "id_card")
        with Session(self._engine) as session:
            citizen = session.exec(
                select(CitizenRecord).where(
                    CitizenRecord.id_number == card.id_number,
                    CitizenRecord.real_name_verified_at.is_not(None),
                )
            ).first()
        if citizen is None:
            return self._refuse("no_account", actor, terminal_id, "id_card")
        return self._start(citizen, terminal_id, "id_card")

    def by_eid(self, payload: str, terminal_id: str) -> KioskSignedIn:
        """A phone's 60-second e-ID code; used up by this scan (CodeError codes are passed on)."""
        try:
            verified = self._verifier.verify(payload, KIOSK_CHANNEL, terminal=terminal_id)
        except CodeError as refused:
            raise KioskSignInError(refused.code) from refused
        if verified.kind != "eid":
            return self._refuse("not_an_eid", "", terminal_id, "eid")
        with Session(self._engine) as session:
            citizen = session.get(CitizenRecord, verified.subject)
        if citizen is None:
            return self._refuse("no_account", pseudonym(verified.subject), terminal_id, "eid")
        return self._start(citizen, terminal_id, "eid")

    def start_verified(self, citizen: CitizenRecord, terminal_id: str, how: str) -> KioskSignedIn:
        """Sign in a citizen whose real name a caller has just verified (kiosk enrolment)."""
        return self._start(citizen, terminal_id, how)

    def _start(self, citizen: CitizenRecord, terminal_id: str, how: str) -> KioskSignedIn:
        token, active = self._sessions.start("citizen", citizen.id, KIOSK_CHANNEL)
        self._audit.record(
            "kiosk.sign_in",
            "ok",
            actor=pseudonym(citizen.id),
            channel=KIOSK_CHANNEL,
            terminal=terminal_id,
            how=how,
        )
        return KioskSignedIn(
            token=token,
            citizen_id=citizen.id,
            masked_name=mask_name(citizen.name),
            masked_id_number=mask_id_number(citizen.id_number) if citizen.id_number else "",
            expires_at=active.expires_at,
            how=how,
        )

    def _refuse(self, code: str, actor: str, terminal_id: str, how: str) -> KioskSignedIn:
        self._audit.record(
            "kiosk.sign_in",
            "refused",
            actor=actor,
            channel=KIOSK_CHANNEL,
            terminal=terminal_id,
            how=how,
            reason=code,
        )
        raise KioskSignInError(code)

    def current(self, token: str) -> ActiveSession | None:
        """The live kiosk session of this token (its idle timer refreshed), or None."""
        active = self._sessions.resolve(token) if token else None
        if active is None or active.channel != KIOSK_CHANNEL or active.subject_kind != "citizen":
            return None
        return active

    def sign_out(self, token: str, terminal_id: str, reason: str) -> None:
        """End the kiosk session (finish, idle wipe); harmless when it already ended."""
        active = self._sessions.resolve(token, touch=False) if token else None
        if token:
            self._sessions.end(token)
        if active is not None:
            self._audit.record(
                "kiosk.sign_out",
                "ok",
                actor=pseudonym(active.subject_id),
                channel=KIOSK_CHANNEL,
                terminal=terminal_id,
                reason=reason,
            )
