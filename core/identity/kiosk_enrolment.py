"""A walk-in with an ID card but no account, at a kiosk in a government hall: the card read by
the kiosk's certified reader, checked against the population register, is the real-name check.
The account is created bound to that identity (no login phone yet) and the person signed in.

Nothing is created unless the register answers "match"; a register that is down leaves nothing.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.audit import AuditLog, pseudonym
from core.clock import BEIJING, Clock, system_clock
from core.identity.kiosk_login import KioskSignedIn, KioskSignIn, KioskSignInError
from core.identity.login import PHONE
from core.identity.records import CitizenRecord
from core.integrations.errors import DepartmentError
from core.integrations.population import PopulationRegister

VERIFIED_BY = "kiosk-card"  # how the real name was verified, as the audit records it
# The login phone column is required and unique: an account without a phone holds a marker that
# no phone number matches, so nobody can ever log in to it with an SMS code.
NO_PHONE_PREFIX = "k"
REGISTER_REFUSALS = frozenset({"mismatch", "not_found", "deceased"})


class NamedCard(Protocol):
    """What a read ID card tells us (core.identity.id_card.IdCard satisfies it)."""

    @property
    def name(self) -> str: ...

    @property
    def id_number(self) -> str: ...

    def is_valid_on(self, day) -> bool: ...


def has_login_phone(phone: str) -> bool:
    """False for the marker of an account opened with an ID card at a kiosk."""
    return bool(PHONE.match(phone or ""))


class KioskEnrolment:
    def __init__(
        self,
        engine: Engine,
        register: PopulationRegister,
        sign_in: KioskSignIn,
        audit: AuditLog,
        clock: Clock = system_clock,
    ) -> None:
        self._engine = engine
        self._register = register
        self._sign_in = sign_in
        self._audit = audit
        self._clock = clock

    def enrol(self, card: NamedCard, terminal_id: str, contact_given: bool = False) -> KioskSignedIn:
        """Verify the card with the register, find or create the account, sign it in. Raises
        KioskSignInError: card_expired, unavailable, or the register's mismatch/not_found/deceased.
        Slow I/O (the register): call it outside any UI lock."""
        if not card.is_valid_on(self._clock().astimezone(BEIJING).date()):
            raise KioskSignInError("card_expired")
        existing = self._holder(card.id_number)
        if existing is not None:  # opened meanwhile (another kiosk, the phone): just sign in
            return self._sign_in.start_verified(existing, terminal_id, "id_card")
        result = self._verify(card, terminal_id)
        citizen = self._create(card)
        self._audit.record(
            "realname.bind",
            "ok",
            actor=pseudonym(citizen.id),
            channel=VERIFIED_BY,
            terminal=terminal_id,
            reason=result,
            contact="given" if contact_given else "none",
        )
        return self._sign_in.start_verified(citizen, terminal_id, "id_card")

    def _verify(self, card: NamedCard, terminal_id: str) -> str:
        actor = pseudonym(card.id_number)
        try:
            result = str(self._register.verify(card.name, card.id_number))
        except DepartmentError as down:
            self._refused(actor, terminal_id, "unavailable", "failed")
            raise KioskSignInError("unavailable") from down
        if result != "match":
            reason = result if result in REGISTER_REFUSALS else "mismatch"
            self._refused(actor, terminal_id, reason, "refused")
        return result

    def _refused(self, actor: str, terminal_id: str, reason: str, outcome: str) -> None:
        self._audit.record(
            "realname.bind", outcome, actor=actor, channel=VERIFIED_BY, terminal=terminal_id, reason=reason
        )
        if outcome == "refused":
            raise KioskSignInError(reason)

    def _holder(self, id_number: str) -> CitizenRecord | None:
        with Session(self._engine) as session:
            return session.exec(select(CitizenRecord).where(CitizenRecord.id_number == id_number)).first()

    def _create(self, card: NamedCard) -> CitizenRecord:
        record = CitizenRecord(
            id=uuid.uuid4().hex,
            phone=NO_PHONE_PREFIX + secrets.token_hex(5),
            name=" ".join(card.name.split()),
            id_number=card.id_number,
            real_name_verified_at=self._clock(),
        )
        try:
            with Session(self._engine, expire_on_commit=False) as session:
                session.add(record)
                session.commit()
        except IntegrityError:  # the same card enrolled at the same moment elsewhere
            existing = self._holder(card.id_number)
            if existing is None:
                raise
            return existing
        return record
