"""The relay against the REAL sandbox department system on a loopback port: exactly once,
in order, through outages, rejections, timeouts, crashes and two relays at once."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from core.applications.delivery.base import DeliveryPlugin, DeliveryReceipt, OutboxEntryView
from core.applications.delivery.outbox import NotRequeueable, get_entry, list_entries, requeue
from core.applications.delivery.registry import Registry
from core.applications.delivery.relay import Relay, RelayPolicy
from core.applications.records import ApplicationEvent
from core.audit import AuditEvent
from core.testing.fakes import SettableClock

Received = Callable[[], list[dict[str, Any]]]


def _events(engine: Engine, model: type) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(select(model.__table__).order_by(model.__table__.c.id)))


def _drive(relay: Relay, clock: SettableClock, rounds: int = 40, step: float = 601.0) -> None:
    """Run the relay round after round, moving the clock past any backoff in between."""
    for _ in range(rounds):
        relay.run_once()
        clock.advance(seconds=step)


def test_delivered_once(
    relay: Relay, engine: Engine, clock: SettableClock, submit: Callable[..., int], received: Received
) -> None:
    entry_id = submit("A1", item_code="110101", name="李四")
    assert relay.run_once() == 1
    assert relay.run_once() == 0

    entry = get_entry(engine, entry_id)
    assert entry is not None and entry.status == "delivered" and entry.attempts == 1
    ((application,),) = [received()]
    assert application["idempotency_key"] == entry.idempotency_key and application["requests"] == 1
    assert (
        application["reference"] == entry.department_reference
        and application["department"] == "public_security"
    )
    assert application["payload"] == {"item_code": "110101", "name": "李四"}
    ((event),) = _events(engine, ApplicationEvent)
    assert (event.application_id, event.status, event.note, event.item_code) == (
        "A1",
        "delivered",
        entry.department_reference,
        "110101",
    )
    assert [e.action for e in _events(engine, AuditEvent)] == ["delivery.delivered"]
    assert "李四" not in str(_events(engine, AuditEvent)[0].detail)


def test_department_down_for_long_then_back_delivers_once_and_in_order(
    relay: Relay,
    engine: Engine,
    clock: SettableClock,
    submit: Callable[..., int],
    control: Callable[..., dict],
    received: Received,
) -> None:
    control(mode="fail", times=8)
    ids = [submit("A1", step=n) for n in (1, 2, 3)]

    for attempt in range(1, 9):
        assert relay.run_once() == 1  # only the first entry: the others wait behind it
        first = get_entry(engine, ids[0])
        assert first is not None and (first.status, first.attempts) == ("pending", attempt)
        assert first.last_error == "answered HTTP 503"
        wait = (first.next_attempt_at - clock()).total_seconds()
        assert 0 <= wait <= min(600, 2 * 2 ** (attempt - 1))
        assert relay.run_once() == 0  # not due before its backoff has passed
        assert received() == []
        clock.advance(seconds=wait)

    _drive(relay, clock, rounds=4)
    assert [a["payload"]["step"] for a in received()] == [1, 2, 3]
    assert all(a["requests"] == 1 for a in received())
    entries = sorted(list_entries(engine), key=lambda e: e.id)
    assert [(e.status, e.attempts) for e in entries] == [("delivered", 9), ("delivered", 1), ("delivered", 1)]
    assert [a["reference"] for a in received()] == [e.department_reference for e in entries]


def test_reject_is_final_and_becomes_a_status_event(
    engine: Engine,
    registry: Registry,
    http: httpx.Client,
    clock: SettableClock,
    submit: Callable[..., int],
    control: Callable[..., dict],
    received: Received,
) -> None:
    heard: list[OutboxEntryView] = []
    relay = Relay(engine, registry, http, clock, on_finished=heard.append)
    control(mode="reject", times=1)
    entry_id = submit("A1")

    assert relay.run_once() == 1
    _drive(relay, clock, rounds=3, step=86400)

    entry = get_entry(engine, entry_id)
    assert entry is not None and (entry.status, entry.attempts) == ("rejected", 1)
    assert entry.last_error is not None and "refused the application" in entry.last_error
    assert received() == []
    assert [(h.id, h.status) for h in heard] == [(entry_id, "rejected")]
    assert [(e.status, e.department) for e in _events(engine, ApplicationEvent)] == [
        ("rejected", "public_security")
    ]
    (audit,) = _events(engine, AuditEvent)
    assert (audit.action, audit.outcome, audit.detail["outbox_id"]) == (
        "delivery.rejected",
        "refused",
        entry_id,
    )


def test_timeout_is_retried_and_the_department_keeps_one_application(
    relay: Relay,
    engine: Engine,
    clock: SettableClock,
    submit: Callable[..., int],
    control: Callable[..., dict],
    received: Received,
) -> None:
    control(mode="timeout", times=1, delay=1.5)  # stored, but answered after the 0.25 s timeout
    entry_id = submit("A1")

    relay.run_once()
    entry = get_entry(engine, entry_id)
    assert entry is not None and (entry.status, entry.last_error) == ("pending", "timed out")
    clock.advance(seconds=3)
    relay.run_once()

    entry = get_entry(engine, entry_id)
    assert entry is not None and (entry.status, entry.attempts) == ("delivered", 2)
    (application,) = received()
    assert application["requests"] == 2 and application["reference"] == entry.department_reference


def test_retry_after_seconds_from_the_department_sets_the_next_attempt(
    relay: Relay,
    engine: Engine,
    clock: SettableClock,
    submit: Callable[..., int],
    control: Callable[..., dict],
) -> None:
    control(mode="retry_after", times=1, retry_after="120")
    entry_id = submit("A1")
    relay.run_once()
    entry = get_entry(engine, entry_id)
    assert entry is not None and entry.status == "pending"
    assert entry.next_attempt_at == clock() + timedelta(seconds=120)  # no jitter: the department said so
    clock.advance(seconds=119)
    assert relay.run_once() == 0
    clock.advance(seconds=1)
    assert relay.run_once() == 1 and get_entry(engine, entry_id).status == "delivered"  # type: ignore[union-attr]


def test_retry_after_http_date_is_read_against_the_departments_clock(
    relay: Relay,
    engine: Engine,
    clock: SettableClock,
    submit: Callable[..., int],
    control: Callable[..., dict],
) -> None:
    control(
        mode="retry_after",
        times=1,
        retry_after=format_datetime(datetime.now(UTC) + timedelta(seconds=90), True),
    )
    entry_id = submit("A1")
    relay.run_once()
    entry = get_entry(engine, entry_id)
    assert entry is not None and entry.status == "pending"
    assert 87 <= (entry.next_attempt_at - clock()).total_seconds() <= 91


class _Killed(BaseException):
    """Stands for the process dying: nothing in the relay may catch it."""


class _DiesAfterSending(DeliveryPlugin):
    def __init__(self, inner: DeliveryPlugin) -> None:
        super().__init__(inner.department_code)
        self.inner = inner

    def deliver(self, entry: OutboxEntryView, client: httpx.Client) -> DeliveryReceipt:
        self.inner.deliver(entry, client)  # the department has it ...
        raise _Killed  # ... and the relay dies before storing the answer


def test_a_crash_between_claim_and_completion_is_redelivered_with_the_same_key(
    engine: Engine,
    registry: Registry,
    http: httpx.Client,
    clock: SettableClock,
    policy: RelayPolicy,
    submit: Callable[..., int],
    received: Received,
) -> None:
    dying = Registry()
    dying.add(_DiesAfterSending(registry.get("public_security")))
    entry_id = submit("A1")
    crashed = Relay(engine, dying, http, clock, policy=policy)
    with pytest.raises(_Killed):
        crashed.run_once()
    del crashed
    stuck = get_entry(engine, entry_id)
    assert stuck is not None and stuck.status == "delivering"

    restarted = Relay(engine, registry, http, clock, policy=policy)
    assert restarted.run_once() == 0  # the lease still holds
    clock.advance(seconds=policy.lease.total_seconds())
    assert restarted.run_once() == 1

    entry = get_entry(engine, entry_id)
    assert entry is not None and (entry.status, entry.attempts) == ("delivered", 2)
    assert entry.idempotency_key == stuck.idempotency_key
    (application,) = received()  # ONE application, sent twice under the same key
    assert application["requests"] == 2 and application["idempotency_key"] == entry.idempotency_key
    assert application["reference"] == entry.department_reference
    assert [e.status for e in _events(engine, ApplicationEvent)] == ["delivered"]


def test_two_relays_in_threads_deliver_each_entry_exactly_once_and_in_order(
    engine: Engine, registry: Registry, submit: Callable[..., int], received: Received
) -> None:
    applications = [f"A{n}" for n in range(12)]
    for step in range(3):
        for application in applications:
            submit(application, step=step)
    policy = RelayPolicy(batch_size=4, lease=timedelta(minutes=5))
    stop = threading.Event()
    failures: list[BaseException] = []
    finished: dict[int, list[int]] = {1: [], 2: []}  # entry ids each relay stored an outcome for

    def work(seed: int) -> None:
        try:
            with httpx.Client() as client:
                mine = finished[seed].append
                relay = Relay(
                    engine,
                    registry,
                    client,
                    policy=policy,
                    rng=random.Random(seed),
                    on_finished=lambda entry: mine(entry.id),
                )
                while not stop.is_set():
                    if relay.run_once() == 0 and all(
                        e.status == "delivered" for e in list_entries(engine, limit=100)
                    ):
                        return
        except BaseException as error:  # reported to the test thread below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    stop.set()
    assert not failures and not any(t.is_alive() for t in threads)
    assert sorted(finished[1] + finished[2]) == sorted(e.id for e in list_entries(engine, limit=100))

    got = received()
    assert len(got) == 36 and all(a["requests"] == 1 for a in got)
    for application in applications:
        assert [a["payload"]["step"] for a in got if a["application_id"] == application] == [0, 1, 2]
    assert {e.status for e in list_entries(engine, limit=100)} == {"delivered"}
    assert all(e.attempts == 1 for e in list_entries(engine, limit=100))
    assert len(_events(engine, ApplicationEvent)) == 36


def test_dead_after_the_attempt_limit_then_requeued_by_hand(
    engine: Engine,
    registry: Registry,
    http: httpx.Client,
    clock: SettableClock,
    submit: Callable[..., int],
    control: Callable[..., dict],
    received: Received,
) -> None:
    relay = Relay(engine, registry, http, clock, policy=RelayPolicy(max_attempts=3), rng=random.Random(5))
    control(mode="fail", times=3)
    entry_id = submit("A1")
    _drive(relay, clock, rounds=6)

    dead = get_entry(engine, entry_id)
    assert dead is not None and (dead.status, dead.attempts) == ("dead", 3)
    assert dead.last_error == "gave up after 3 attempts: answered HTTP 503"
    assert received() == [] and _events(engine, AuditEvent)[-1].action == "delivery.dead"

    again = requeue(engine, entry_id, now=clock())
    assert (again.status, again.attempts, again.next_attempt_at) == ("pending", 0, clock())
    assert relay.run_once() == 1
    delivered = get_entry(engine, entry_id)
    assert delivered is not None and delivered.status == "delivered"
    (application,) = received()
    assert application["idempotency_key"] == dead.idempotency_key
    assert [e.action for e in _events(engine, AuditEvent)][-2:] == ["delivery.requeued", "delivery.delivered"]
    with pytest.raises(NotRequeueable, match="is delivered"):
        requeue(engine, entry_id)
    with pytest.raises(NotRequeueable, match="does not exist"):
        requeue(engine, 999)


def test_an_unknown_department_or_a_broken_plugin_is_retried_not_fatal(
    engine: Engine,
    http: httpx.Client,
    clock: SettableClock,
    submit: Callable[..., int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken(DeliveryPlugin):
        def deliver(self, entry: OutboxEntryView, client: httpx.Client) -> DeliveryReceipt:
            raise ValueError(f"bad id_number {entry.payload['id_number']}")  # a careless plugin

    registry = Registry()
    registry("civil_affairs")(Broken)
    unknown, broken = submit("A1", "hrss"), submit("A2", "civil_affairs", id_number="410402196503120134")
    with caplog.at_level(logging.INFO, logger="core.applications.delivery"):
        Relay(engine, registry, http, clock).run_once()

    assert get_entry(engine, unknown).last_error == "no delivery plugin for department 'hrss'"  # type: ignore[union-attr]
    assert get_entry(engine, broken).last_error == "unexpected error in the delivery plugin (ValueError)"  # type: ignore[union-attr]
    assert {e.status for e in list_entries(engine)} == {"pending"}
    logged = caplog.text
    assert "plugin failed with ValueError at test_relay.py:" in logged
    assert "410402196503120134" not in logged


def test_a_department_that_refuses_connections_is_retryable(
    engine: Engine, http: httpx.Client, clock: SettableClock, submit: Callable[..., int]
) -> None:
    from core.applications.delivery.contrib.sandbox_department.plugin import SandboxDepartmentPlugin
    from core.sandbox import start_sandbox

    with start_sandbox() as gone:
        url = gone.urls["departments"]
    registry = Registry()
    registry.add(SandboxDepartmentPlugin("public_security", url))
    entry_id = submit("A1")
    Relay(engine, registry, http, clock).run_once()
    entry = get_entry(engine, entry_id)
    assert entry is not None and entry.status == "pending"
    assert entry.last_error == "connection failed (ConnectError)"


def test_run_forever_delivers_and_stops_when_asked(
    engine: Engine, registry: Registry, http: httpx.Client, submit: Callable[..., int], received: Received
) -> None:
    submit("A1")
    stop = threading.Event()
    relay = Relay(engine, registry, http, policy=RelayPolicy(poll_interval=0.02))
    worker = threading.Thread(target=relay.run_forever, args=(stop,))
    worker.start()
    for _ in range(200):
        if received():
            break
        stop.wait(0.02)
    stop.set()
    worker.join(timeout=5)
    assert not worker.is_alive() and len(received()) == 1
