"""The e-licence library (电子证照库): licences fetched instead of asked for (免证办).

`ElicenceLibrary.query(holder_id_number, licence_type, purpose, requester)` answers the
holder's licences of one type as `LicenceRecord`s, shaped on the national e-licence metadata
(licence type code and name, licence number, holder, issuing authority, dates, status) with a
small ``surface`` of the fields printed on the licence. `HttpElicenceLibrary` posts to
``<base_url>/licences/query`` with an explicit timeout; the ID number travels only in the body.
Every fetch must go through `core.applications.data_use.LicenceFetcher`, which asks for the
citizen's consent and records the use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

import httpx

from core.integrations.errors import (
    DEFAULT_TIMEOUT,
    DepartmentError,
    DepartmentUnavailable,
    check_response,
    json_body,
    unavailable_on_transport_errors,
)

DEPARTMENT = "elicence"
MAX_PURPOSE_LENGTH = 64
MAX_REQUESTER_LENGTH = 64


@dataclass(frozen=True)
class LicenceType:
    name: str
    name_en: str
    code: str  # 证照类型代码: competent ministry's 18-character credit code + 3-digit sequence


def _types(*entries: tuple[str, str, str]) -> dict[str, LicenceType]:
    return {name: LicenceType(name, name_en, code) for name, name_en, code in entries}


# The licence types the platform fetches. 居民身份证's code is the one of the national catalogue;
# the others have its shape but are placeholders until the provincial catalogue is connected.
LICENCE_TYPES: Mapping[str, LicenceType] = _types(
    ("居民身份证", "resident ID card", "11100000000013127D001"),
    ("居民户口簿", "household register", "11100000000013127D002"),
    ("居住证", "residence permit", "11100000000013127D003"),
    ("机动车驾驶证", "driving licence", "11100000000013127D004"),
    ("机动车行驶证", "vehicle licence", "11100000000013127D005"),
    ("结婚证", "marriage certificate", "11100000000013140E001"),
    ("离婚证", "divorce certificate", "11100000000013140E002"),
    ("出生医学证明", "medical certificate of birth", "11100000000012345A001"),
    ("居民死亡医学证明（推断）书", "medical certificate of death", "11100000000012345A002"),
    ("不动产权证书", "real estate title certificate", "11100000MB0000001B001"),
    ("营业执照", "business licence", "10000000000001345C001"),
    ("中华人民共和国残疾人证", "disability certificate", "51100000500000123D001"),
)


class LicenceStatus(StrEnum):
    VALID = "valid"  # 有效
    EXPIRED = "expired"  # 已过期
    REVOKED = "revoked"  # 已注销 / 已吊销
    SUSPENDED = "suspended"  # 暂停使用 (e.g. a residence permit not endorsed in time)


SurfaceValue = str | int | float | bool | None


@dataclass(frozen=True)
class LicenceRecord:
    licence_id: str  # the library's identifier of this licence
    licence_type_code: str
    licence_type: str
    licence_number: str
    holder_name: str
    holder_id_type: str  # 111 居民身份证, 001 统一社会信用代码
    holder_id_number: str
    issuing_authority: str
    issuing_authority_code: str
    issue_date: date
    expiry_date: date | None  # None: 长期有效
    status: LicenceStatus
    surface: Mapping[str, SurfaceValue] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
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
            "status": self.status.value,
            "surface": dict(self.surface),
        }

    @classmethod
    def from_json(cls, raw: Any) -> LicenceRecord:
        """Parse one record of the library's answer; ValueError (naming no data) if malformed."""
        if not isinstance(raw, Mapping):
            raise ValueError("a licence record is not an object")
        texts = {}
        for key in (
            "licence_id",
            "licence_type_code",
            "licence_type",
            "licence_number",
            "holder_name",
            "holder_id_type",
            "holder_id_number",
            "issuing_authority",
            "issuing_authority_code",
        ):
            value = raw.get(key)
            if not isinstance(value, str):
                raise ValueError(f"a licence record has no text {key}")
            texts[key] = value
        surface = raw.get("surface", {})
        if not isinstance(surface, Mapping) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str | int | float | bool))
            for k, v in surface.items()
        ):
            raise ValueError("a licence record has a malformed surface")
        expiry = raw.get("expiry_date")
        return cls(
            **texts,
            issue_date=_iso_date(raw.get("issue_date"), "issue_date"),
            expiry_date=None if expiry is None else _iso_date(expiry, "expiry_date"),
            status=LicenceStatus(raw.get("status")),
            surface=dict(surface),
        )


def _iso_date(value: Any, key: str) -> date:
    if not isinstance(value, str):
        raise ValueError(f"a licence record has no {key}")
    return date.fromisoformat(value)


def check_query(licence_type: str, purpose: str, requester: str) -> None:
    """Refuse, before any call, a query the library would refuse anyway."""
    if licence_type not in LICENCE_TYPES:
        raise ValueError(f"unknown licence type {licence_type!r}")
    for name, value, limit in (
        ("purpose", purpose, MAX_PURPOSE_LENGTH),
        ("requester", requester, MAX_REQUESTER_LENGTH),
    ):
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise ValueError(f"{name} must be a non-empty text of at most {limit} characters")


class ElicenceLibrary(Protocol):
    def query(
        self, holder_id_number: str, licence_type: str, purpose: str, requester: str
    ) -> list[LicenceRecord]:
        """The holder's licences of one type (possibly none). Raises `DepartmentUnavailable`
        when the library gives no usable answer, `DepartmentRejected` when it refuses the query."""
        ...


class HttpElicenceLibrary:
    def __init__(self, client: httpx.Client, base_url: str, timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/licences/query"
        self._timeout = timeout

    def query(
        self, holder_id_number: str, licence_type: str, purpose: str, requester: str
    ) -> list[LicenceRecord]:
        check_query(licence_type, purpose, requester)
        payload = {
            "holder_id_number": holder_id_number,
            "licence_type": licence_type,
            "purpose": purpose,
            "requester": requester,
        }
        with unavailable_on_transport_errors(DEPARTMENT):
            response = self._client.post(self._url, json=payload, timeout=self._timeout)
        check_response(DEPARTMENT, response)
        licences = json_body(DEPARTMENT, response).get("licences")
        if not isinstance(licences, list):
            raise DepartmentUnavailable(DEPARTMENT, "answered without a list of licences")
        try:
            records = [LicenceRecord.from_json(entry) for entry in licences]
        except ValueError as error:
            raise DepartmentUnavailable(
                DEPARTMENT, f"answered with a malformed licence record ({error})"
            ) from None
        if any(record.licence_type != licence_type for record in records):
            raise DepartmentUnavailable(DEPARTMENT, "answered with licences of another type")
        return records


class InMemoryElicenceLibrary:
    """For unit tests: licences by the ID number they are fetched with (the holder's by default).

    `calls` lists (licence_type, purpose, requester) of every query; set `failure` to make
    every query raise it."""

    def __init__(self, records: Iterable[LicenceRecord] = (), failure: DepartmentError | None = None) -> None:
        self._by_id: dict[str, list[LicenceRecord]] = {}
        self.calls: list[tuple[str, str, str]] = []
        self.failure = failure
        for record in records:
            self.add(record)

    def add(self, record: LicenceRecord, for_id_number: str | None = None) -> None:
        key = (for_id_number or record.holder_id_number).upper()
        self._by_id.setdefault(key, []).append(record)

    def query(
        self, holder_id_number: str, licence_type: str, purpose: str, requester: str
    ) -> list[LicenceRecord]:
        check_query(licence_type, purpose, requester)
        self.calls.append((licence_type, purpose, requester))
        if self.failure is not None:
            raise self.failure
        found = self._by_id.get(holder_id_number.strip().upper(), [])
        return [record for record in found if record.licence_type == licence_type]
