"""`yiwang outbox list|requeue` and `yiwang relay --once` against a migrated SQLite file."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from core.applications.delivery.outbox import STATUSES, claim_due, enqueue, get_entry, mark_dead
from core.db import get_engine
from core.settings import get_settings
from core.testing.fakes import SettableClock
from yiwang.cli_outbox import STATUSES as CLI_STATUSES
from yiwang.cli_outbox import add_outbox_commands


@pytest.fixture
def cli_engine(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    engine = get_engine(database_url)  # migrated: the outbox table comes from the migrations
    monkeypatch.setenv("YIWANG_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield engine
    get_settings.cache_clear()


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_outbox_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def _dead_entry(engine: Engine) -> int:
    clock = SettableClock()
    with Session(engine) as session:
        entry = enqueue(session, "A1", "public_security", {}, now=clock())
        session.commit()
        entry_id = entry.id
    (claim,) = claim_due(engine, clock(), 1)
    mark_dead(engine, claim, "gave up after 12 attempts: answered HTTP 503", clock())
    assert entry_id is not None
    return entry_id


def test_list_and_requeue(cli_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    entry_id = _dead_entry(cli_engine)
    assert _run("outbox", "list", "--status", "pending") == 0
    assert "no outbox entries with status pending" in capsys.readouterr().out
    assert _run("outbox", "list", "--status", "dead") == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"#{entry_id}") and "dead" in line and "answered HTTP 503" in line
    assert " application " in line  # the kind: the application itself, not a notice about it

    assert _run("outbox", "requeue", str(entry_id)) == 0
    assert "requeued" in capsys.readouterr().out
    assert get_entry(cli_engine, entry_id).status == "pending"  # type: ignore[union-attr]
    assert _run("outbox", "requeue", str(entry_id)) == 2
    assert "is pending" in capsys.readouterr().err


def test_relay_once_delivers_to_the_sandbox(
    cli_engine: Engine, departments_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Session(cli_engine) as session:
        entry = enqueue(session, "A1", "public_security", {"x": 1})
        session.commit()
        entry_id = entry.id
    assert entry_id is not None
    assert _run("relay", "--once", "--departments-url", departments_url) == 0
    assert "claimed 1 entries" in capsys.readouterr().out
    delivered = get_entry(cli_engine, entry_id)
    assert delivered is not None and delivered.status == "delivered"


def test_cli_knows_every_status() -> None:
    assert CLI_STATUSES == STATUSES
    with pytest.raises(SystemExit):
        _run("outbox", "list", "--status", "lost")
