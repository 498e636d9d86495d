"""Citizens: who is logged in, and binding a real name checked against the population
register. The ID number is stored once, validated by one function, shown only masked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog, pseudonym
from core.clock import Clock, system_clock
from core.identity.id_numbers import IdNumberError, mask_id_number, normalise_id_number
from core.identity.login import PHONE
from core.identity.records import CitizenRecord
from core.integrations.errors import DepartmentError
from core.integrations.population import PopulationRegister


class RealNameError(Exception):
    """`code`: the IdNumberError code, or name, mismatch, not_found, deceased, already_bound,
    unavailable (the register is down: nothing is lost, try again)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CitizenProfile:
    id: str
    masked_phone: str
    name: str
    masked_id_number: str
    is_real_name_verified: bool


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "****"


class Citizens:
    def __init__(
        self, engine: Engine, register: PopulationRegister, audit: AuditLog, clock: Clock = system_clock
    ) -> None:
        self._engine = engine
        self._register = register
        self._audit = audit
        self._clock = clock

    def profile(self, citizen_id: str) -> CitizenProfile | None:
        with Session(self._engine) as session:
            record = session.get(CitizenRecord, citizen_id)
            return None if record is None else _profile(record)

    def prefill(self, citizen_id: str) -> dict[str, str]:
        """What forms may prefill from the citizen's verified identity. Server-side only: the
        full ID number must never be sent to a browser."""
        with Session(self._engine) as session:
            record = session.get(CitizenRecord, citizen_id)
        if record is None:
            return {}
        # An account opened with an ID card at a kiosk has no phone yet, only a marker.
        known = {"citizen.phone": record.phone} if PHONE.match(record.phone) else {}
        if record.real_name_verified_at is not None:
            known |= {"citizen.name": record.name, "citizen.id_number": record.id_number or ""}
        return known

    def bind_real_name(
        self, citizen_id: str, name: str, raw_id_number: str, channel: str = "pc"
    ) -> CitizenProfile:
        name = " ".join((name or "").split())
        if not 2 <= len(name) <= 30:
            raise RealNameError("name")
        try:
            id_number = normalise_id_number(raw_id_number)
        except IdNumberError as invalid:
            raise RealNameError(invalid.code) from invalid
        self._refuse_if_bound_elsewhere(citizen_id, id_number)
        try:
            result = str(self._register.verify(name, id_number))
        except DepartmentError as down:
            self._audit.record(
                "realname.bind", "failed", actor=pseudonym(citizen_id), channel=channel, reason="unavailable"
            )
            raise RealNameError("unavailable") from down
        self._audit.record(
            "realname.bind",
            "ok" if result == "match" else "refused",
            actor=pseudonym(citizen_id),
            channel=channel,
            reason=result,
        )
        if result != "match":
            raise RealNameError(result)
        return self._store(citizen_id, name, id_number)

    def _refuse_if_bound_elsewhere(self, citizen_id: str, id_number: str) -> None:
        with Session(self._engine) as session:
            holder = session.exec(select(CitizenRecord).where(CitizenRecord.id_number == id_number)).first()
        if holder is not None and holder.id != citizen_id:
            raise RealNameError("already_bound")

    def _store(self, citizen_id: str, name: str, id_number: str) -> CitizenProfile:
        with Session(self._engine) as session:
            record = session.get(CitizenRecord, citizen_id)
            if record is None:
                raise RealNameError("not_found")
            record.name, record.id_number, record.real_name_verified_at = name, id_number, self._clock()
            session.add(record)
            session.commit()
            return _profile(record)


def _profile(record: CitizenRecord) -> CitizenProfile:
    return CitizenProfile(
        id=record.id,
        masked_phone=mask_phone(record.phone) if PHONE.match(record.phone) else "",  # "": none yet
        name=record.name,
        masked_id_number=mask_id_number(record.id_number) if record.id_number else "",
        is_real_name_verified=record.real_name_verified_at is not None,
    )
