"""The sandbox department system as a real HTTP server: de-duplication by Idempotency-Key,
behaviours on demand, and a status that moves on by timer or by control call."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from core.sandbox import SandboxHandle
from core.sandbox.department_system import DepartmentSystem, HeaderJsonServer, build_department_app
from core.sandbox.runner import DEFAULT_PORTS
from core.testing.fakes import SettableClock
from yiwang.cli_sandbox import add_sandbox_commands

BODY = {
    "application_id": "A1",
    "department": "public_security",
    "payload": {"id_number": "410402196503120134"},
}


@pytest.fixture
def post(http: httpx.Client, departments_url: str) -> Callable[..., httpx.Response]:
    def post(key: str | None, body: Any = BODY) -> httpx.Response:
        headers = {} if key is None else {"Idempotency-Key": key}
        return http.post(f"{departments_url}/applications", json=body, headers=headers)

    return post


def test_a_repeated_key_gets_the_same_reference_and_one_application(
    post: Callable[..., httpx.Response], department: DepartmentSystem
) -> None:
    first, again = post("key-1"), post("key-1")
    other = post("key-2", {**BODY, "application_id": "A2"})
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert first.json() == again.json() == {"reference": first.json()["reference"], "status": "受理"}
    assert other.json()["reference"] != first.json()["reference"]
    assert [(a.application_id, a.requests) for a in department.applications()] == [("A1", 2), ("A2", 1)]


def test_a_key_is_required_and_cannot_be_reused_for_another_request(
    post: Callable[..., httpx.Response], department: DepartmentSystem
) -> None:
    assert post(None).status_code == 400
    assert post("x" * 129).status_code == 400
    assert post("key-1").status_code == 201
    reused = post("key-1", {**BODY, "payload": {"changed": True}})
    assert reused.status_code == 422 and "different request" in reused.json()["error"]
    for body in ([], {**BODY, "payload": "text"}, {**BODY, "department": ""}):
        assert post("key-9", body).status_code == 422
    assert len(department.applications()) == 1


def test_listing_in_arrival_order_and_by_department(
    post: Callable[..., httpx.Response], http: httpx.Client, departments_url: str
) -> None:
    (
        post("k1"),
        post("k2", {**BODY, "department": "civil_affairs"}),
        post("k3", {**BODY, "application_id": "A3"}),
    )
    listed = http.get(f"{departments_url}/applications").json()["applications"]
    assert [a["idempotency_key"] for a in listed] == ["k1", "k2", "k3"]
    assert {"reference", "received_at", "status", "code", "payload", "requests"} <= set(listed[0])
    civil = http.get(f"{departments_url}/applications", params={"department": "civil_affairs"}).json()
    assert [a["idempotency_key"] for a in civil["applications"]] == ["k2"]


@pytest.mark.parametrize(("mode", "status"), [("fail", 503), ("reject", 422), ("retry_after", 503)])
def test_behaviours_last_for_the_asked_number_of_requests(
    post: Callable[..., httpx.Response], control: Callable[..., dict], mode: str, status: int
) -> None:
    assert control(mode=mode, times=2, retry_after="7") == {"mode": mode, "times": 2}
    answers = [post(f"key-{n}") for n in range(3)]
    assert [a.status_code for a in answers] == [status, status, 201]
    assert answers[0].headers.get("Retry-After") == ("7" if mode == "retry_after" else None)


def test_control_refuses_nonsense(http: httpx.Client, departments_url: str) -> None:
    for body in ({"mode": "explode"}, {"mode": "fail", "times": 0}, {"mode": "timeout", "delay": 99}, {}):
        assert http.post(f"{departments_url}/_control", json=body).status_code == 422
    assert http.post(f"{departments_url}/_control", json={"advance": "SBX-999999"}).status_code == 404


def test_status_moves_on_by_control_call(
    post: Callable[..., httpx.Response],
    http: httpx.Client,
    departments_url: str,
    control: Callable[..., dict],
) -> None:
    reference = post("key-1").json()["reference"]
    url = f"{departments_url}/applications/{reference}/status"
    labels = [http.get(url).json()["status"]]
    for _ in range(3):
        control(advance=reference)
        labels.append(http.get(url).json()["status"])
    assert labels == ["受理", "审核中", "办结", "办结"]
    assert http.get(url).json() == {
        "reference": reference,
        "status": "办结",
        "code": "completed",
        "final": True,
    }
    assert http.get(f"{departments_url}/applications/SBX-999999/status").status_code == 404
    assert http.post(url).status_code == 405


@pytest.fixture
def timed() -> Iterator[tuple[str, SettableClock]]:
    clock = SettableClock()
    with HeaderJsonServer(build_department_app(DepartmentSystem(clock, status_step_seconds=20))) as server:
        yield server.url, clock


def test_status_moves_on_by_timer(timed: tuple[str, SettableClock], http: httpx.Client) -> None:
    url, clock = timed
    reference = http.post(f"{url}/applications", json=BODY, headers={"Idempotency-Key": "k"}).json()[
        "reference"
    ]
    seen = []
    for _ in range(4):
        seen.append(http.get(f"{url}/applications/{reference}/status").json()["code"])
        clock.advance(seconds=20)
    assert seen == ["accepted", "in_review", "completed", "completed"]


def test_logs_hold_no_payload(
    post: Callable[..., httpx.Response],
    http: httpx.Client,
    departments_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="core.sandbox"):
        post("key-secret")
        http.get(f"{departments_url}/applications")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "departments POST /applications 201" in logged
    assert "410402196503120134" not in logged and "key-secret" not in logged


def test_served_by_start_sandbox_and_the_cli(sandbox: SandboxHandle) -> None:
    assert sandbox.urls["departments"].startswith("http://127.0.0.1:")
    assert DEFAULT_PORTS["departments"] == 8735
    parser = argparse.ArgumentParser()
    add_sandbox_commands(parser.add_subparsers(dest="command"))
    assert parser.parse_args(["sandbox", "serve"]).departments_port == 8735
    assert parser.parse_args(["sandbox", "serve", "--departments-port", "9000"]).departments_port == 9000
