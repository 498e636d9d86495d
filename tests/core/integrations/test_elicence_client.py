"""The e-licence library client against httpx.MockTransport: what it sends, what it maps."""

import json
from collections.abc import Callable, Iterator
from datetime import date

import httpx
import pytest

from core.integrations.elicence import (
    HttpElicenceLibrary,
    InMemoryElicenceLibrary,
    LicenceRecord,
    LicenceStatus,
)
from core.integrations.errors import DEFAULT_TIMEOUT, DepartmentRejected, DepartmentUnavailable

BASE = "http://elicence.test/api/"
ID_NUMBER = "410402196503120134"
RECORD = {
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
    "surface": {"region_code": "410402", "relation_to_head": "户主"},
}

Respond = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def seen() -> list[httpx.Request]:
    return []


@pytest.fixture
def make_library(seen: list[httpx.Request]) -> Iterator[Callable[[Respond], HttpElicenceLibrary]]:
    clients: list[httpx.Client] = []

    def make(respond: Respond) -> HttpElicenceLibrary:
        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return respond(request)

        clients.append(httpx.Client(transport=httpx.MockTransport(handler)))
        return HttpElicenceLibrary(clients[-1], BASE)

    yield make
    for client in clients:
        client.close()


def _raise(error: type[httpx.TransportError]) -> Respond:
    def respond(request: httpx.Request) -> httpx.Response:
        raise error("simulated", request=request)

    return respond


def _query(library) -> list[LicenceRecord]:
    return library.query(ID_NUMBER, "居民户口簿", "item:050040006000", "kiosk:K-0012")


def test_posts_the_query_in_the_body_with_a_timeout(make_library, seen: list[httpx.Request]) -> None:
    records = _query(make_library(lambda _: httpx.Response(200, json={"licences": [RECORD]})))
    (request,) = seen
    assert request.method == "POST" and str(request.url) == "http://elicence.test/api/licences/query"
    assert ID_NUMBER not in str(request.url)
    assert json.loads(request.content) == {
        "holder_id_number": ID_NUMBER,
        "licence_type": "居民户口簿",
        "purpose": "item:050040006000",
        "requester": "kiosk:K-0012",
    }
    assert request.extensions["timeout"] == DEFAULT_TIMEOUT.as_dict()
    (record,) = records
    assert (
        record.holder_name == "张建国"
        and record.issue_date == date(1998, 4, 2)
        and record.expiry_date is None
    )
    assert record.status is LicenceStatus.VALID and record.surface["region_code"] == "410402"
    assert record.to_json() == RECORD


def test_no_licences_is_an_empty_list(make_library) -> None:
    assert _query(make_library(lambda _: httpx.Response(200, json={"licences": []}))) == []


@pytest.mark.parametrize(
    "respond",
    [
        _raise(httpx.ReadTimeout),
        _raise(httpx.ConnectTimeout),
        _raise(httpx.ConnectError),
        _raise(httpx.RemoteProtocolError),
        lambda _: httpx.Response(500, json={"error": "boom"}),
        lambda _: httpx.Response(503, text="maintenance"),
        lambda _: httpx.Response(200, text="<html>not json</html>"),
        lambda _: httpx.Response(200, json=["not", "an", "object"]),
        lambda _: httpx.Response(200, json={"result": "ok"}),
        lambda _: httpx.Response(200, json={"licences": "many"}),
        lambda _: httpx.Response(200, json={"licences": [{"licence_type": 42, "garbled": True}]}),
        lambda _: httpx.Response(200, json={"licences": [{**RECORD, "status": "lost"}]}),
        lambda _: httpx.Response(200, json={"licences": [{**RECORD, "issue_date": "yesterday"}]}),
        lambda _: httpx.Response(200, json={"licences": [{**RECORD, "surface": {"nested": {"a": 1}}}]}),
        lambda _: httpx.Response(200, json={"licences": [{**RECORD, "licence_type": "结婚证"}]}),
    ],
    ids=[
        "read-timeout",
        "connect-timeout",
        "connect-error",
        "protocol-error",
        "500",
        "503",
        "not-json",
        "not-an-object",
        "no-licences",
        "licences-not-a-list",
        "garbled-record",
        "unknown-status",
        "bad-date",
        "nested-surface",
        "other-type",
    ],
)
def test_unusable_answers_are_department_unavailable(make_library, respond: Respond) -> None:
    with pytest.raises(DepartmentUnavailable) as raised:
        _query(make_library(respond))
    assert raised.value.department == "elicence"
    assert ID_NUMBER not in str(raised.value) and "张建国" not in str(raised.value)


def test_timeout_says_so(make_library) -> None:
    with pytest.raises(DepartmentUnavailable, match="timed out"):
        _query(make_library(_raise(httpx.ReadTimeout)))


def test_4xx_is_department_rejected(make_library) -> None:
    with pytest.raises(DepartmentRejected, match="unknown licence_type") as raised:
        _query(make_library(lambda _: httpx.Response(422, json={"error": "unknown licence_type"})))
    assert raised.value.status == 422


@pytest.mark.parametrize(
    ("licence_type", "purpose", "requester"),
    [("护照", "item:x", "mobile"), ("居民户口簿", "", "mobile"), ("居民户口簿", "item:x", "m" * 65)],
)
def test_malformed_queries_are_refused_before_any_call(
    make_library, seen: list[httpx.Request], licence_type: str, purpose: str, requester: str
) -> None:
    library = make_library(lambda _: httpx.Response(200, json={"licences": []}))
    with pytest.raises(ValueError):
        library.query(ID_NUMBER, licence_type, purpose, requester)
    assert seen == []


def test_in_memory_library() -> None:
    record = LicenceRecord.from_json(RECORD)
    library = InMemoryElicenceLibrary([record])
    library.add(record, for_id_number="410402197207280242")
    assert library.query(ID_NUMBER.lower(), "居民户口簿", "item:x", "mobile") == [record]
    assert library.query("410402197207280242", "居民户口簿", "item:x", "mobile") == [record]
    assert library.query(ID_NUMBER, "结婚证", "item:x", "mobile") == []
    assert library.calls[0] == ("居民户口簿", "item:x", "mobile")
    library.failure = DepartmentUnavailable("elicence", "timed out")
    with pytest.raises(DepartmentUnavailable):
        library.query(ID_NUMBER, "居民户口簿", "item:x", "mobile")
    with pytest.raises(ValueError):
        library.query(ID_NUMBER, "护照", "item:x", "mobile")
