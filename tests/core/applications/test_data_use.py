"""E-licence fetches need consent, every fetch is logged, and a citizen reads only their own log."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from core.applications.data_use import (
    ConsentRequired,
    DataUseLog,
    LicenceFetcher,
    Requester,
    purpose_for_application,
    purpose_for_item,
)
from core.applications.data_use_records import DataUseRecord
from core.db import make_engine
from core.identity.id_numbers import IdNumberError
from core.integrations.elicence import InMemoryElicenceLibrary, LicenceRecord
from core.integrations.errors import DepartmentRejected, DepartmentUnavailable

CITIZEN = "c-zhang"
OTHER = "c-yang"
ID_NUMBER = "410402196503120134"
OTHER_ID_NUMBER = "41041119951003068X"
ITEM = purpose_for_item("050040006000")
KIOSK = Requester.channel("kiosk", "K-0012")
REGISTER = LicenceRecord.from_json(
    {
        "licence_id": "EL000002",
        "licence_type_code": "11100000000013127D002",
        "licence_type": "居民户口簿",
        "licence_number": "410402004512",
        "holder_name": "张建国",
        "holder_id_type": "111",
        "holder_id_number": ID_NUMBER,
        "issuing_authority": "平顶山市公安局新华分局",
        "issuing_authority_code": "11410402MB0000011X",
        "issue_date": "1998-04-02",
        "expiry_date": None,
        "status": "valid",
        "surface": {"region_code": "410402"},
    }
)


class Ticking:
    """A clock one second later at every call."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'data_use.db'}")
    SQLModel.metadata.create_all(engine, tables=[DataUseRecord.__table__])  # type: ignore[attr-defined]
    yield engine
    engine.dispose()


@pytest.fixture
def log(engine: Engine) -> DataUseLog:
    return DataUseLog(engine, clock=Ticking())


@pytest.fixture
def library() -> InMemoryElicenceLibrary:
    return InMemoryElicenceLibrary([REGISTER])


@pytest.fixture
def fetcher(library: InMemoryElicenceLibrary, log: DataUseLog) -> LicenceFetcher:
    return LicenceFetcher(library, log)


@pytest.mark.parametrize("consent", [False, None, "yes", 1])
def test_no_fetch_without_consent(
    fetcher: LicenceFetcher, library: InMemoryElicenceLibrary, log: DataUseLog, consent
) -> None:
    with pytest.raises(ConsentRequired, match="居民户口簿") as refused:
        fetcher.fetch_with_consent(CITIZEN, ID_NUMBER, "居民户口簿", ITEM, consent, KIOSK)
    assert refused.value.licence_type == "居民户口簿"
    assert library.calls == [] and log.for_citizen(CITIZEN) == []


def test_a_consented_fetch_returns_the_licence_and_is_logged(
    fetcher: LicenceFetcher, library: InMemoryElicenceLibrary, log: DataUseLog
) -> None:
    records = fetcher.fetch_with_consent(CITIZEN, ID_NUMBER.lower(), "居民户口簿", ITEM, True, KIOSK)
    assert records == [REGISTER]
    assert library.calls == [("居民户口簿", ITEM, "kiosk:K-0012")]
    (entry,) = log.for_citizen(CITIZEN)
    assert (entry.citizen_id, entry.licence_type, entry.purpose, entry.requester, entry.outcome) == (
        CITIZEN,
        "居民户口簿",
        "item:050040006000",
        "kiosk:K-0012",
        "ok",
    )
    assert entry.at.replace(tzinfo=UTC) == datetime(2026, 11, 28, 2, 0, 1, tzinfo=UTC)


def test_every_fetch_is_logged_found_none_or_failed(
    fetcher: LicenceFetcher, library: InMemoryElicenceLibrary, log: DataUseLog
) -> None:
    department = Requester.department("civil_affairs")
    fetcher.fetch_with_consent(CITIZEN, ID_NUMBER, "居民户口簿", ITEM, True, KIOSK)
    assert fetcher.fetch_with_consent(CITIZEN, ID_NUMBER, "不动产权证书", ITEM, True, "mobile") == []
    library.failure = DepartmentUnavailable("elicence", "timed out")
    with pytest.raises(DepartmentUnavailable):
        fetcher.fetch_with_consent(
            CITIZEN, ID_NUMBER, "结婚证", purpose_for_application("A7"), True, department
        )
    library.failure = DepartmentRejected("elicence", 422, "unknown licence_type")
    with pytest.raises(DepartmentRejected):
        fetcher.fetch_with_consent(
            CITIZEN, ID_NUMBER, "居住证", ITEM, True, Requester.channel("bank", "ICBC-01")
        )
    entries = log.for_citizen(CITIZEN)
    assert [(e.licence_type, e.outcome, e.requester, e.purpose) for e in entries] == [
        ("居住证", "failed", "bank:ICBC-01", ITEM),
        ("结婚证", "failed", "department:civil_affairs", "application:A7"),
        ("不动产权证书", "none_found", "mobile", ITEM),
        ("居民户口簿", "ok", "kiosk:K-0012", ITEM),
    ]


def test_a_citizen_reads_only_their_own_log(fetcher: LicenceFetcher, log: DataUseLog) -> None:
    fetcher.fetch_with_consent(CITIZEN, ID_NUMBER, "居民户口簿", ITEM, True, KIOSK)
    fetcher.fetch_with_consent(OTHER, OTHER_ID_NUMBER, "结婚证", ITEM, True, "mobile")
    fetcher.fetch_with_consent(OTHER, OTHER_ID_NUMBER, "居民户口簿", ITEM, True, "pc")
    assert [e.licence_type for e in log.for_citizen(CITIZEN)] == ["居民户口簿"]
    assert [e.licence_type for e in log.for_citizen(OTHER)] == ["居民户口簿", "结婚证"]
    assert {e.citizen_id for e in log.for_citizen(OTHER)} == {OTHER}
    assert log.for_citizen("") == [] and log.for_citizen("c-nobody") == []
    assert len(log.for_citizen(OTHER, limit=1)) == 1


def test_the_log_holds_no_id_number_or_licence_content(fetcher: LicenceFetcher, engine: Engine) -> None:
    fetcher.fetch_with_consent(CITIZEN, ID_NUMBER, "居民户口簿", ITEM, True, KIOSK)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM data_use")).fetchall()
    stored = " ".join(str(value) for row in rows for value in row)
    for secret in (ID_NUMBER, "张建国", "410402004512"):
        assert secret not in stored


@pytest.mark.parametrize(
    ("id_number", "licence_type", "purpose", "requester", "error"),
    [
        ("410402196503120135", "居民户口簿", ITEM, KIOSK, IdNumberError),  # wrong check digit
        (ID_NUMBER, "护照", ITEM, KIOSK, ValueError),
        (ID_NUMBER, "居民户口簿", "", KIOSK, ValueError),
        (ID_NUMBER, "居民户口簿", ITEM, Requester.channel("kiosk", "K" * 64), ValueError),
    ],
)
def test_malformed_fetches_are_refused_and_not_logged(
    fetcher: LicenceFetcher,
    library: InMemoryElicenceLibrary,
    log: DataUseLog,
    id_number: str,
    licence_type: str,
    purpose: str,
    requester: Requester,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        fetcher.fetch_with_consent(CITIZEN, id_number, licence_type, purpose, True, requester)
    assert library.calls == [] and log.for_citizen(CITIZEN) == []


def test_record_checks_its_values(log: DataUseLog) -> None:
    entry = log.record(CITIZEN, "结婚证", ITEM, Requester.department("health"), "ok")
    assert entry.id >= 1 and entry.requester == "department:health"
    with pytest.raises(ValueError, match="outcome"):
        log.record(CITIZEN, "结婚证", ITEM, "mobile", "maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="citizen_id"):
        log.record("", "结婚证", ITEM, "mobile", "ok")
    assert str(Requester.channel("pc")) == "pc"
