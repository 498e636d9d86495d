"""E-licence fetches with the citizen's consent, each one written to the "who used my data" log.

    fetcher = LicenceFetcher(library, DataUseLog(engine))
    records = fetcher.fetch_with_consent(citizen_id, id_number, "居民户口簿",
                                         purpose_for_item("050040006000"), consent=True,
                                         requester=Requester.channel("kiosk", "K-0012"))
    DataUseLog(engine).for_citizen(citizen_id)   # newest first, that citizen's rows only

Without consent nothing is fetched and `ConsentRequired` is raised. Every fetch that is made
is logged, whether it found licences ("ok"), none ("none_found") or failed ("failed"), and
no licence is handed back unless its use was logged. The log holds the citizen's opaque id,
never the ID number or what the licence says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.data_use_records import DataUseRecord
from core.identity.id_numbers import normalise_id_number
from core.identity.sessions import Clock, system_clock
from core.integrations.elicence import ElicenceLibrary, LicenceRecord, check_query

__all__ = [
    "OUTCOMES",
    "ConsentRequired",
    "DataUseEntry",
    "DataUseLog",
    "LicenceFetcher",
    "Requester",
    "purpose_for_application",
    "purpose_for_item",
]

Outcome = Literal["ok", "none_found", "failed"]
OUTCOMES: Final[tuple[Outcome, ...]] = ("ok", "none_found", "failed")
MAX_CITIZEN_ID_LENGTH: Final = 32
MAX_TEXT_LENGTH: Final = 64
DEFAULT_LIMIT: Final = 200


class ConsentRequired(PermissionError):
    """The citizen has not agreed to this licence being fetched."""

    def __init__(self, licence_type: str) -> None:
        super().__init__(f"the citizen's consent is needed to fetch the {licence_type}")
        self.licence_type = licence_type


@dataclass(frozen=True)
class Requester:
    """Who asks: a channel (and its terminal, for kiosks and bank branches) or a department."""

    kind: Literal["channel", "department"]
    name: str
    terminal: str = ""

    @classmethod
    def channel(cls, channel: str, terminal: str = "") -> Requester:
        return cls("channel", channel, terminal)

    @classmethod
    def department(cls, code: str) -> Requester:
        return cls("department", code)

    def __str__(self) -> str:
        if self.kind == "department":
            return f"department:{self.name}"
        return f"{self.name}:{self.terminal}" if self.terminal else self.name


def purpose_for_item(item_code: str) -> str:
    return f"item:{item_code}"


def purpose_for_application(application_id: str) -> str:
    return f"application:{application_id}"


@dataclass(frozen=True)
class DataUseEntry:
    id: int
    citizen_id: str
    at: datetime
    licence_type: str
    purpose: str
    requester: str
    outcome: str


def _entry(record: DataUseRecord) -> DataUseEntry:
    assert record.id is not None
    return DataUseEntry(
        record.id,
        record.citizen_id,
        record.at,
        record.licence_type,
        record.purpose,
        record.requester,
        record.outcome,
    )


def _check_text(name: str, value: object, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValueError(f"{name} must be a non-empty text of at most {limit} characters")
    return value


class DataUseLog:
    """Writes and reads the log; there is deliberately no update or delete."""

    def __init__(self, engine: Engine, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._clock = clock

    def record(
        self,
        citizen_id: str,
        licence_type: str,
        purpose: str,
        requester: Requester | str,
        outcome: Outcome,
    ) -> DataUseEntry:
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
        row = DataUseRecord(
            citizen_id=_check_text("citizen_id", citizen_id, MAX_CITIZEN_ID_LENGTH),
            at=self._clock(),
            licence_type=_check_text("licence_type", licence_type, MAX_TEXT_LENGTH),
            purpose=_check_text("purpose", purpose, MAX_TEXT_LENGTH),
            requester=_check_text("requester", str(requester), MAX_TEXT_LENGTH),
            outcome=outcome,
        )
        with Session(self._engine, expire_on_commit=False) as session:
            session.add(row)
            session.commit()
            return _entry(row)

    def for_citizen(self, citizen_id: str, limit: int = DEFAULT_LIMIT) -> list[DataUseEntry]:
        """That citizen's own rows, newest first. Callers pass the signed-in citizen's id only."""
        if not citizen_id:
            return []
        query = (
            select(DataUseRecord)
            .where(DataUseRecord.citizen_id == citizen_id)
            .order_by(DataUseRecord.at.desc(), DataUseRecord.id.desc())
            .limit(limit)
        )
        with Session(self._engine) as session:
            return [_entry(record) for record in session.exec(query)]


class LicenceFetcher:
    """The one way to fetch a citizen's licence: with consent, and logged."""

    def __init__(self, library: ElicenceLibrary, log: DataUseLog) -> None:
        self._library = library
        self._log = log

    def fetch_with_consent(
        self,
        citizen_id: str,
        id_number: str,
        licence_type: str,
        purpose: str,
        consent: bool,
        requester: Requester | str,
    ) -> list[LicenceRecord]:
        """The licences of `licence_type` held by `id_number` (whose owner is `citizen_id`).

        Raises `ConsentRequired` unless `consent` is True (nothing fetched, nothing logged),
        ValueError for a malformed query, and whatever the library raises
        (`DepartmentUnavailable`, `DepartmentRejected`) after logging the failed fetch."""
        _check_text("citizen_id", citizen_id, MAX_CITIZEN_ID_LENGTH)
        number = normalise_id_number(id_number)
        check_query(licence_type, purpose, str(requester))
        if consent is not True:
            raise ConsentRequired(licence_type)
        try:
            records = self._library.query(number, licence_type, purpose, str(requester))
        except Exception:
            self._log.record(citizen_id, licence_type, purpose, requester, "failed")
            raise
        self._log.record(citizen_id, licence_type, purpose, requester, "ok" if records else "none_found")
        return records
