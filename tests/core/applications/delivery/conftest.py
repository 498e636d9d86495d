"""An outbox on a temporary SQLite file, a settable clock, and the real sandbox department
system on an ephemeral port, emptied before every test."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from core.applications.delivery.contrib.sandbox_department.plugin import SandboxDepartmentPlugin
from core.applications.delivery.outbox import OutboxEntry, enqueue
from core.applications.delivery.registry import Registry
from core.applications.delivery.relay import Relay, RelayPolicy
from core.applications.records import ApplicationEvent
from core.audit import AuditEvent
from core.db import make_engine
from core.sandbox import SandboxHandle, start_sandbox
from core.sandbox.department_system import DepartmentSystem
from core.testing.fakes import SettableClock

DEPARTMENTS = ("public_security", "civil_affairs")
PLUGIN_TIMEOUT = httpx.Timeout(0.25)  # well under the sandbox's "timeout" mode delay
TABLES = [OutboxEntry.__table__, AuditEvent.__table__, ApplicationEvent.__table__]  # type: ignore[attr-defined]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A real SQLite file, so the relays' threads and connections all see the same database;
    or PostgreSQL (FOR UPDATE SKIP LOCKED) when YIWANG_TEST_POSTGRES_URL names a scratch database."""
    postgres_url = os.environ.get("YIWANG_TEST_POSTGRES_URL")
    engine = make_engine(postgres_url or f"sqlite:///{tmp_path / 'outbox.db'}")
    if postgres_url:
        SQLModel.metadata.drop_all(engine, tables=TABLES)
    SQLModel.metadata.create_all(engine, tables=TABLES)
    yield engine
    if postgres_url:
        SQLModel.metadata.drop_all(engine, tables=TABLES)
    engine.dispose()


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxHandle]:
    with start_sandbox() as handle:
        yield handle


@pytest.fixture
def department(sandbox: SandboxHandle) -> Iterator[DepartmentSystem]:
    sandbox.departments.reset()
    yield sandbox.departments
    sandbox.departments.reset()  # also wakes a handler still sleeping in "timeout" mode


@pytest.fixture
def departments_url(sandbox: SandboxHandle, department: DepartmentSystem) -> str:
    return sandbox.urls["departments"]


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


@pytest.fixture
def registry(departments_url: str) -> Registry:
    fresh = Registry()
    for code in DEPARTMENTS:
        fresh.add(SandboxDepartmentPlugin(code, departments_url, timeout=PLUGIN_TIMEOUT))
    return fresh


@pytest.fixture
def policy() -> RelayPolicy:
    return RelayPolicy(max_attempts=12, lease=timedelta(minutes=5))


@pytest.fixture
def relay(
    engine: Engine, registry: Registry, http: httpx.Client, clock: SettableClock, policy: RelayPolicy
) -> Relay:
    return Relay(engine, registry, http, clock, policy=policy, rng=random.Random(1234))


Submit = Callable[..., int]
Control = Callable[..., dict[str, Any]]


@pytest.fixture
def submit(engine: Engine, clock: SettableClock) -> Submit:
    """What submission does: enqueue inside its own transaction, then commit; returns the entry id."""

    def submit(application_id: str, department: str = "public_security", **payload: Any) -> int:
        with Session(engine) as session:
            entry = enqueue(
                session, application_id, department, payload or {"app": application_id}, now=clock()
            )
            session.commit()
            assert entry.id is not None
            return entry.id

    return submit


@pytest.fixture
def control(http: httpx.Client, departments_url: str) -> Control:
    """POST /_control on the sandbox department system."""

    def control(**body: Any) -> dict[str, Any]:
        response = http.post(f"{departments_url}/_control", json=body)
        response.raise_for_status()
        return response.json()

    return control


@pytest.fixture
def received(http: httpx.Client, departments_url: str) -> Callable[[], list[dict[str, Any]]]:
    """What the department system has recorded, through its own listing API, in arrival order."""

    def received() -> list[dict[str, Any]]:
        response = http.get(f"{departments_url}/applications")
        response.raise_for_status()
        return response.json()["applications"]

    return received
