"""The department clients against httpx.MockTransport: requests they send, answers they map."""

import json
from collections.abc import Callable, Iterator

import httpx
import pytest

from core.integrations.errors import DEFAULT_TIMEOUT, DepartmentRejected, DepartmentUnavailable
from core.integrations.population import HttpPopulationRegister, InMemoryPopulationRegister, RealNameResult
from core.integrations.sms import HttpSmsGateway, InMemorySmsGateway, is_mobile_number

BASE = "http://department.test/api/"
PHONE = "13800000000"
ID_NUMBER = "410402196503120134"
TEXT = "【平顶山一网通办】验证码 123456，5 分钟内有效。请勿告诉他人。"

Respond = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def seen() -> list[httpx.Request]:
    return []


@pytest.fixture
def make_client(seen: list[httpx.Request]) -> Iterator[Callable[[Respond], httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(respond: Respond) -> httpx.Client:
        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return respond(request)

        clients.append(httpx.Client(transport=httpx.MockTransport(handler)))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def _raise(error: type[httpx.TransportError]) -> Respond:
    def respond(request: httpx.Request) -> httpx.Response:
        raise error("simulated", request=request)

    return respond


def test_sms_posts_phone_and_text_with_timeout(make_client, seen: list[httpx.Request]) -> None:
    client = make_client(lambda _: httpx.Response(201, json={"id": 1}))
    HttpSmsGateway(client, BASE).send(PHONE, TEXT)
    (request,) = seen
    assert request.method == "POST" and str(request.url) == "http://department.test/api/messages"
    assert json.loads(request.content) == {"phone": PHONE, "text": TEXT}
    assert request.extensions["timeout"] == DEFAULT_TIMEOUT.as_dict()


def test_population_posts_body_not_url(make_client, seen: list[httpx.Request]) -> None:
    client = make_client(lambda _: httpx.Response(200, json={"result": "deceased"}))
    assert HttpPopulationRegister(client, BASE).verify("张建国", ID_NUMBER) is RealNameResult.DECEASED
    (request,) = seen
    assert str(request.url) == "http://department.test/api/verify" and ID_NUMBER not in str(request.url)
    assert json.loads(request.content) == {"name": "张建国", "id_number": ID_NUMBER}
    assert request.extensions["timeout"]["read"] == 3.0


@pytest.mark.parametrize("result", list(RealNameResult))
def test_population_maps_every_result(make_client, result: RealNameResult) -> None:
    client = make_client(lambda _: httpx.Response(200, json={"result": result.value}))
    assert HttpPopulationRegister(client, BASE).verify("x", ID_NUMBER) is result


@pytest.mark.parametrize(
    "respond",
    [
        _raise(httpx.ReadTimeout),
        _raise(httpx.ConnectTimeout),
        _raise(httpx.ConnectError),
        _raise(httpx.RemoteProtocolError),
        lambda _: httpx.Response(500, json={"error": "internal error"}),
        lambda _: httpx.Response(503, text="maintenance"),
        lambda _: httpx.Response(302, headers={"Location": "/login"}),
        lambda _: httpx.Response(200, text="<html>proxy page</html>"),
        lambda _: httpx.Response(200, json=["match"]),
        lambda _: httpx.Response(200, json={"result": "maybe"}),
    ],
    ids=[
        "read-timeout",
        "connect-timeout",
        "refused",
        "protocol",
        "500",
        "503",
        "302",
        "html",
        "list",
        "unknown",
    ],
)
def test_population_unusable_answers_are_unavailable(make_client, respond: Respond) -> None:
    with pytest.raises(DepartmentUnavailable) as raised:
        HttpPopulationRegister(make_client(respond), BASE).verify("张建国", ID_NUMBER)
    assert raised.value.department == "population"
    assert ID_NUMBER not in str(raised.value) and "张建国" not in str(raised.value)


def test_timeout_says_timed_out(make_client) -> None:
    with pytest.raises(DepartmentUnavailable, match="timed out"):
        HttpSmsGateway(make_client(_raise(httpx.ReadTimeout)), BASE).send(PHONE, TEXT)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_sms_server_errors_are_unavailable(make_client, status: int) -> None:
    with pytest.raises(DepartmentUnavailable, match=str(status)):
        HttpSmsGateway(make_client(lambda _: httpx.Response(status)), BASE).send(PHONE, TEXT)


def test_sms_4xx_is_rejected_not_unavailable(make_client) -> None:
    client = make_client(lambda _: httpx.Response(422, json={"error": "phone must be 11 digits"}))
    with pytest.raises(DepartmentRejected) as raised:
        HttpSmsGateway(client, BASE).send("123", TEXT)
    assert raised.value.status == 422 and "11 digits" in str(raised.value)
    assert not isinstance(raised.value, DepartmentUnavailable)


def test_in_memory_sms_gateway() -> None:
    gateway = InMemorySmsGateway()
    gateway.send(PHONE, "first")
    gateway.send("13912345678", "other")
    gateway.send(PHONE, "second")
    assert gateway.texts_to(PHONE) == ["second", "first"]
    with pytest.raises(DepartmentRejected):
        gateway.send("12345", "x")
    assert is_mobile_number(PHONE) and not is_mobile_number("１３８００００００００")


def test_in_memory_population_register() -> None:
    register = InMemoryPopulationRegister(
        {
            ID_NUMBER: ("张建国", "normal"),
            "41040319581119046X": ("刘桂兰", "deceased"),
            "1" * 18: ("a", "cancelled"),
        }
    )
    assert register.verify("张建国", ID_NUMBER) is RealNameResult.MATCH
    assert register.verify("李秀英", ID_NUMBER) is RealNameResult.MISMATCH
    assert register.verify("刘桂兰", "41040319581119046x") is RealNameResult.DECEASED
    assert register.verify("a", "1" * 18) is RealNameResult.NOT_FOUND
    assert register.verify("张建国", "2" * 18) is RealNameResult.NOT_FOUND
    assert register.calls == 5
