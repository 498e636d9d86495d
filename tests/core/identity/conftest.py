"""A migrated database, its audit log and a settable clock for identity tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from core.audit import AuditLog
from core.db import get_engine
from core.testing.fakes import RecordingSms, SettableClock


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def engine(database_url: str) -> Engine:
    return get_engine(database_url)


@pytest.fixture
def audit(engine: Engine) -> AuditLog:
    return AuditLog(engine)


@pytest.fixture
def sms() -> RecordingSms:
    return RecordingSms()
