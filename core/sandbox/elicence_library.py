"""The sandbox e-licence library (电子证照库) answering licence queries for the fictional residents.

API:
- POST /licences/query {"holder_id_number", "licence_type", "purpose", "requester"}
  -> 200 {"licences": [record...]}: the licences of that type held by that ID number, or on
  which it is named as a party (a parent on a 出生医学证明, the operator of a 营业执照). A record
  has licence_id, licence_type_code, licence_type, licence_number, holder_name, holder_id_type,
  holder_id_number, issuing_authority, issuing_authority_code, issue_date, expiry_date (null:
  长期有效), status (valid | expired | revoked | suspended; a valid licence past its expiry date
  answers "expired") and surface (the key fields printed on it). A malformed query -> 422.
- Failure modes for testing callers, for one request with ``?fail=timeout|500|garbage``, or for
  the next ``count`` queries with POST /sandbox/failures {"mode", "count", "delay_seconds"}
  (DELETE /sandbox/failures clears, GET shows): "timeout" waits ``delay_seconds`` (default 2)
  before answering, "500" answers HTTP 500, "garbage" answers 200 with records that are not
  licence records.

Licences come from data/sandbox/elicences.yaml. The library keeps a log of queries (type,
purpose, requester, number of licences; never the ID number) in `ElicenceLibraryData.queries`.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from core.sandbox.server import HttpError, JsonApp, Request, Response, json_object, text_field

DEFAULT_ELICENCE_FILE = Path(__file__).resolve().parents[2] / "data" / "sandbox" / "elicences.yaml"
STATUSES = frozenset({"valid", "expired", "revoked", "suspended"})
FAILURE_MODES = ("timeout", "500", "garbage")
DEFAULT_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 10.0
MAX_PURPOSE_LENGTH = 64
MAX_REQUESTER_LENGTH = 64
MAX_LOGGED_QUERIES = 1000
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_CREDIT_CODE_SHAPE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
_BEIJING = timezone(timedelta(hours=8))


def _beijing_today() -> date:
    return datetime.now(_BEIJING).date()


@dataclass(frozen=True)
class StoredLicence:
    licence_id: str
    licence_type: str
    licence_type_code: str
    licence_number: str
    holder_name: str
    holder_id_type: str
    holder_id_number: str
    issuing_authority: str
    issuing_authority_code: str
    issue_date: date
    expiry_date: date | None
    status: str
    surface: Mapping[str, Any]
    also_for: tuple[str, ...] = ()  # other ID numbers named on the licence, who may fetch it

    def to_json(self, today: date) -> dict[str, Any]:
        status = self.status
        if status == "valid" and self.expiry_date is not None and self.expiry_date < today:
            status = "expired"
        return {
            "licence_id": self.licence_id,
            "licence_type_code": self.licence_type_code,
            "licence_type": self.licence_type,
            "licence_number": self.licence_number,
            "holder_name": self.holder_name,
            "holder_id_type": self.holder_id_type,
            "holder_id_number": self.holder_id_number,
            "issuing_authority": self.issuing_authority,
            "issuing_authority_code": self.issuing_authority_code,
            "issue_date": self.issue_date.isoformat(),
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "status": status,
            "surface": {k: v.isoformat() if isinstance(v, date) else v for k, v in self.surface.items()},
        }


def _text(entry: Mapping[str, Any], key: str, where: str, allow_empty: bool = False) -> str:
    value = entry.get(key)
    if value is None and allow_empty:
        return ""
    if not isinstance(value, str) or (not value and not allow_empty):
        raise ValueError(f"{where}: {key} must be text (quote numbers)")
    return value


def _day(entry: Mapping[str, Any], key: str, where: str, optional: bool = False) -> date | None:
    value = entry.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, date):
        raise ValueError(f"{where}: {key} must be a date like 2020-01-31")
    return value


def load_licences(path: Path = DEFAULT_ELICENCE_FILE) -> list[StoredLicence]:
    """Read and check the library file; raises ValueError naming the bad record."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    types: Mapping[str, Any] = data.get("licence_types") or {}
    authorities: Mapping[str, Any] = data.get("authorities") or {}
    for name, code in authorities.items():
        if not isinstance(code, str) or not _CREDIT_CODE_SHAPE.fullmatch(code):
            raise ValueError(f"{path.name}: authority {name} needs an 18-character credit code")
    licences: list[StoredLicence] = []
    for number, entry in enumerate(data.get("licences") or [], 1):
        where = f"{path.name}: licence {number}"
        licence_type = _text(entry, "type", where)
        if licence_type not in types:
            raise ValueError(f"{where}: unknown licence type {licence_type}")
        authority = _text(entry, "authority", where)
        if authority not in authorities:
            raise ValueError(f"{where}: unknown authority {authority}")
        holder_id_type = str(entry.get("holder_id_type", "111"))
        holder_id = _text(entry, "holder_id_number", where, allow_empty=True)
        shape = _ID_SHAPE if holder_id_type == "111" else _CREDIT_CODE_SHAPE
        if holder_id and not shape.fullmatch(holder_id):
            raise ValueError(f"{where}: holder_id_number does not fit holder_id_type {holder_id_type}")
        also_for = tuple(str(v) for v in entry.get("also_for") or ())
        if not all(_ID_SHAPE.fullmatch(v) for v in also_for) or not (holder_id or also_for):
            raise ValueError(f"{where}: also_for must list ID numbers, and someone must be able to fetch it")
        status = _text(entry, "status", where)
        if status not in STATUSES:
            raise ValueError(f"{where}: status must be one of {', '.join(sorted(STATUSES))}")
        surface = entry.get("surface") or {}
        if not isinstance(surface, Mapping):
            raise ValueError(f"{where}: surface must be a mapping")
        licences.append(
            StoredLicence(
                licence_id=f"EL{number:06d}",
                licence_type=licence_type,
                licence_type_code=str(types[licence_type]),
                licence_number=_text(entry, "number", where),
                holder_name=_text(entry, "holder_name", where),
                holder_id_type=holder_id_type,
                holder_id_number=holder_id,
                issuing_authority=authority,
                issuing_authority_code=authorities[authority],
                issue_date=_day(entry, "issued", where),  # type: ignore[arg-type]
                expiry_date=_day(entry, "expires", where, optional=True),
                status=status,
                surface=dict(surface),
                also_for=also_for,
            )
        )
    return licences


@dataclass(frozen=True)
class LoggedQuery:
    licence_type: str
    purpose: str
    requester: str
    found: int


@dataclass
class _Failure:
    mode: str
    remaining: int
    delay_seconds: float = DEFAULT_DELAY_SECONDS


class ElicenceLibraryData:
    """Licences by the ID numbers that may fetch them; failure injection; the query log."""

    def __init__(self, licences: Iterable[StoredLicence], today: Callable[[], date] = _beijing_today) -> None:
        self._today = today
        self._by_id: dict[str, list[StoredLicence]] = {}
        self._types: dict[str, str] = {}
        self._count = 0
        for licence in licences:
            self._count += 1
            self._types[licence.licence_type] = licence.licence_type_code
            for key in {licence.holder_id_number, *licence.also_for} - {""}:
                self._by_id.setdefault(key, []).append(licence)
        self._lock = threading.Lock()
        self._failure: _Failure | None = None
        self.queries: deque[LoggedQuery] = deque(maxlen=MAX_LOGGED_QUERIES)

    def __len__(self) -> int:
        return self._count

    @property
    def licence_types(self) -> dict[str, str]:
        return dict(self._types)

    def query(self, holder_id_number: str, licence_type: str) -> list[dict[str, Any]]:
        today = self._today()
        found = [
            licence.to_json(today)
            for licence in self._by_id.get(holder_id_number, [])
            if licence.licence_type == licence_type
        ]
        return sorted(found, key=lambda record: record["issue_date"], reverse=True)

    def fail_next(self, mode: str, count: int = 1, delay_seconds: float = DEFAULT_DELAY_SECONDS) -> None:
        """Make the next `count` queries fail as `mode` (timeout, 500 or garbage)."""
        if mode not in FAILURE_MODES:
            raise ValueError(f"mode must be one of {', '.join(FAILURE_MODES)}")
        with self._lock:
            self._failure = _Failure(mode, count, min(delay_seconds, MAX_DELAY_SECONDS))

    def clear_failures(self) -> None:
        with self._lock:
            self._failure = None

    def failure(self) -> dict[str, Any] | None:
        with self._lock:
            if self._failure is None:
                return None
            return {
                "mode": self._failure.mode,
                "count": self._failure.remaining,
                "delay_seconds": self._failure.delay_seconds,
            }

    def take_failure(self) -> _Failure | None:
        """The failure planned for this query, counted down."""
        with self._lock:
            failure = self._failure
            if failure is None:
                return None
            failure.remaining -= 1
            if failure.remaining <= 0:
                self._failure = None
            return replace(failure)

    def log(self, entry: LoggedQuery) -> None:
        with self._lock:
            self.queries.append(entry)


def _failed_response(failure: _Failure, answer: Callable[[], Response]) -> Response:
    if failure.mode == "timeout":
        time.sleep(failure.delay_seconds)
        return answer()
    if failure.mode == "500":
        return Response(500, {"error": "simulated failure of the e-licence library"})
    return Response(200, {"licences": [{"licence_type": 42, "garbled": True}]})


def _delay(raw: str | None) -> float:
    if raw is None:
        return DEFAULT_DELAY_SECONDS
    try:
        delay = float(raw)
    except ValueError:
        raise HttpError(422, "delay must be a number of seconds") from None
    if not 0 <= delay <= MAX_DELAY_SECONDS:
        raise HttpError(422, f"delay must be from 0 to {MAX_DELAY_SECONDS}")
    return delay


def build_elicence_app(library: ElicenceLibraryData) -> JsonApp:
    app = JsonApp("elicence")

    def query(request: Request) -> Response:
        one_off = request.query.get("fail")
        if one_off is not None and one_off not in FAILURE_MODES:
            raise HttpError(422, f"fail must be one of {', '.join(FAILURE_MODES)}")
        failure = (
            _Failure(one_off, 1, _delay(request.query.get("delay"))) if one_off else library.take_failure()
        )

        def answer() -> Response:
            body = json_object(request)
            holder = text_field(body, "holder_id_number", 18).upper()
            if not _ID_SHAPE.fullmatch(holder):
                raise HttpError(422, "holder_id_number must be 17 digits and a digit or X")
            licence_type = text_field(body, "licence_type", 40)
            if licence_type not in library.licence_types:
                raise HttpError(422, "unknown licence_type")
            purpose = text_field(body, "purpose", MAX_PURPOSE_LENGTH)
            requester = text_field(body, "requester", MAX_REQUESTER_LENGTH)
            found = library.query(holder, licence_type)
            library.log(LoggedQuery(licence_type, purpose, requester, len(found)))
            return Response(200, {"licences": found})

        return answer() if failure is None else _failed_response(failure, answer)

    def show_failure(_request: Request) -> Response:
        return Response(200, {"failure": library.failure()})

    def set_failure(request: Request) -> Response:
        body = json_object(request)
        mode = body.get("mode")
        count = body.get("count", 1)
        delay = body.get("delay_seconds", DEFAULT_DELAY_SECONDS)
        if mode not in FAILURE_MODES:
            raise HttpError(422, f"mode must be one of {', '.join(FAILURE_MODES)}")
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 1000:
            raise HttpError(422, "count must be a whole number from 1 to 1000")
        if (
            isinstance(delay, bool)
            or not isinstance(delay, int | float)
            or not 0 <= delay <= MAX_DELAY_SECONDS
        ):
            raise HttpError(422, f"delay_seconds must be from 0 to {MAX_DELAY_SECONDS}")
        library.fail_next(mode, count, float(delay))
        return Response(200, {"failure": library.failure()})

    def clear_failure(_request: Request) -> Response:
        library.clear_failures()
        return Response(200, {"failure": None})

    app.add("POST", "/licences/query", query)
    app.add("GET", "/sandbox/failures", show_failure)
    app.add("POST", "/sandbox/failures", set_failure)
    app.add("DELETE", "/sandbox/failures", clear_failure)
    return app


__all__ = [
    "DEFAULT_ELICENCE_FILE",
    "ElicenceLibraryData",
    "LoggedQuery",
    "StoredLicence",
    "build_elicence_app",
    "load_licences",
]
