"""The sandbox department systems as real HTTP servers on ephemeral loopback ports,
talked to by the real httpx clients."""

import argparse
import datetime
import logging
from collections.abc import Iterator

import httpx
import pytest
import yaml

from core.integrations.errors import DepartmentRejected, DepartmentUnavailable
from core.integrations.population import HttpPopulationRegister, RealNameResult
from core.integrations.sms import HttpSmsGateway
from core.sandbox import SandboxHandle, start_sandbox
from core.sandbox.population_register import DEFAULT_POPULATION_FILE
from core.sandbox.server import JsonApp, JsonServer, Request, Response
from core.sandbox.sms_sink import read_messages
from yiwang.cli_sandbox import add_sandbox_commands

PINGDINGSHAN = {"410402", "410403", "410411", "410421", "410422", "410423", "410425", "410481", "410482"}
LOGIN_TEXT = "【平顶山一网通办】验证码 {code}，5 分钟内有效。请勿告诉他人。"
PHONE = "13800000000"
OTHER_PHONE = "13912345678"
LIVING = ("张建国", "410402196503120134")
DECEASED = ("刘桂兰", "41040319581119046X")
CANCELLED = ("吴春燕", "410422199204171029")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxHandle]:
    with start_sandbox() as handle:
        yield handle


@pytest.fixture(scope="module")
def shared_client() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


@pytest.fixture
def client(sandbox: SandboxHandle, shared_client: httpx.Client) -> httpx.Client:
    """The module's client, with the SMS sink emptied first."""
    shared_client.delete(f"{sandbox.urls['sms']}/messages").raise_for_status()
    return shared_client


def _check_char(body: str) -> str:
    total = sum(int(digit) * (2 ** (17 - i) % 11) for i, digit in enumerate(body))
    return "10X98765432"[total % 11]


def test_population_file_holds_valid_pingdingshan_numbers() -> None:
    residents = yaml.safe_load(DEFAULT_POPULATION_FILE.read_text(encoding="utf-8"))["residents"]
    assert 18 <= len(residents) <= 25
    numbers = [r["id_number"] for r in residents]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert len(number) == 18 and number[:6] in PINGDINGSHAN, number
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert number[17] == _check_char(number[:17]), number
    assert any(n.endswith("X") for n in numbers)
    assert {r["status"] for r in residents} == {"normal", "deceased", "cancelled"}


def test_sms_recorded_and_listed_per_phone_newest_first(sandbox: SandboxHandle, client: httpx.Client) -> None:
    gateway = HttpSmsGateway(client, sandbox.urls["sms"])
    gateway.send(PHONE, LOGIN_TEXT.format(code="111111"))
    gateway.send(OTHER_PHONE, LOGIN_TEXT.format(code="222222"))
    gateway.send(PHONE, LOGIN_TEXT.format(code="333333"))

    mine = read_messages(client, sandbox.urls["sms"], PHONE)
    assert [m.text for m in mine] == [LOGIN_TEXT.format(code=c) for c in ("333333", "111111")]
    assert all(m.phone == PHONE for m in mine)
    assert mine[0].id > mine[1].id
    assert datetime.datetime.fromisoformat(mine[0].at).tzinfo is not None
    assert len(read_messages(client, sandbox.urls["sms"])) == 3


def test_sms_sink_refuses_a_bad_phone(sandbox: SandboxHandle, client: httpx.Client) -> None:
    gateway = HttpSmsGateway(client, sandbox.urls["sms"])
    for phone in ("1380000000", "23800000000", "1380000000a", "+8613800000000"):
        with pytest.raises(DepartmentRejected) as raised:
            gateway.send(phone, "hi")
        assert raised.value.status == 422
    response = client.post(f"{sandbox.urls['sms']}/messages", json={"phone": PHONE, "text": ""})
    assert response.status_code == 422 and "error" in response.json()
    assert read_messages(client, sandbox.urls["sms"]) == []


def test_sms_delete_clears(sandbox: SandboxHandle, client: httpx.Client) -> None:
    HttpSmsGateway(client, sandbox.urls["sms"]).send(PHONE, "x")
    assert client.delete(f"{sandbox.urls['sms']}/messages").status_code == 200
    assert read_messages(client, sandbox.urls["sms"], PHONE) == []


@pytest.mark.parametrize(
    ("name", "id_number", "expected"),
    [
        (*LIVING, RealNameResult.MATCH),
        (" 张建国 ", LIVING[1], RealNameResult.MATCH),
        ("杨丽娟", "41041119951003068x", RealNameResult.MATCH),
        ("李秀英", LIVING[1], RealNameResult.MISMATCH),
        ("张建国", "410402196503120142", RealNameResult.NOT_FOUND),
        (*DECEASED, RealNameResult.DECEASED),
        ("张建国", DECEASED[1], RealNameResult.MISMATCH),
        (*CANCELLED, RealNameResult.NOT_FOUND),
    ],
)
def test_population_register_answers(
    sandbox: SandboxHandle, client: httpx.Client, name: str, id_number: str, expected: RealNameResult
) -> None:
    assert HttpPopulationRegister(client, sandbox.urls["population"]).verify(name, id_number) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"name": "\\u5f20\\u5efa\\u56fd"}',
        b'{"name": "", "id_number": "410402196503120134"}',
        b'{"name": "x", "id_number": "41040219650312013"}',
        b'{"name": "x", "id_number": "41040219650312013Y"}',
        b'{"name": "x", "id_number": 410402196503120134}',
    ],
)
def test_population_register_refuses_malformed(
    sandbox: SandboxHandle, client: httpx.Client, content: bytes
) -> None:
    response = client.post(f"{sandbox.urls['population']}/verify", content=content)
    assert response.status_code == 422
    assert isinstance(response.json()["error"], str)


def test_unknown_path_and_method(sandbox: SandboxHandle, client: httpx.Client) -> None:
    assert client.get(f"{sandbox.urls['population']}/nowhere").status_code == 404
    assert client.get(f"{sandbox.urls['population']}/verify").status_code == 405


def test_server_down_is_department_unavailable() -> None:
    handle = start_sandbox()
    urls = dict(handle.urls)
    handle.stop()
    handle.stop()  # a second stop is harmless
    with httpx.Client() as client:
        with pytest.raises(DepartmentUnavailable, match="population"):
            HttpPopulationRegister(client, urls["population"]).verify(*LIVING)
        with pytest.raises(DepartmentUnavailable, match="sms"):
            HttpSmsGateway(client, urls["sms"]).send(PHONE, "x")


def test_server_error_is_department_unavailable() -> None:
    def crash(_request: Request) -> Response:
        raise RuntimeError("boom")

    app = JsonApp("broken")
    app.add("POST", "/verify", crash)
    with (
        JsonServer(app) as server,
        httpx.Client() as client,
        pytest.raises(DepartmentUnavailable, match="HTTP 500"),
    ):
        HttpPopulationRegister(client, server.url).verify(*LIVING)


def test_logs_hold_no_phone_or_id_number(
    sandbox: SandboxHandle, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="core.sandbox"):
        HttpSmsGateway(client, sandbox.urls["sms"]).send(PHONE, LOGIN_TEXT.format(code="424242"))
        read_messages(client, sandbox.urls["sms"], PHONE)
        HttpPopulationRegister(client, sandbox.urls["population"]).verify(*LIVING)
        client.post(f"{sandbox.urls['sms']}/messages", json={"phone": "1" * 12, "text": "x"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /messages 201" in logged and "GET /messages 200" in logged and "/verify 200" in logged
    for secret in (PHONE, "1" * 12, LIVING[1], "424242", LIVING[0]):
        assert secret not in logged


def test_start_sandbox_refuses_unknown_service() -> None:
    with pytest.raises(ValueError, match="mail"):
        start_sandbox(ports={"mail": 0})


def test_cli_sms_prints_newest_first(
    sandbox: SandboxHandle, client: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway = HttpSmsGateway(client, sandbox.urls["sms"])
    gateway.send(PHONE, LOGIN_TEXT.format(code="111111"))
    gateway.send(PHONE, LOGIN_TEXT.format(code="999999"))
    gateway.send(OTHER_PHONE, LOGIN_TEXT.format(code="555555"))
    parser = argparse.ArgumentParser()
    add_sandbox_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sandbox", "sms", "--phone", PHONE, "--url", sandbox.urls["sms"]])
    assert args.func(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "999999" in lines[0] and "111111" in lines[1]
