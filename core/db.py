"""Database engine, sessions and migrations (Alembic, in migrations/).

SQLite by default; the same code and migrations run on PostgreSQL via YIWANG_DATABASE_URL.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

from core.settings import REPO_ROOT, get_settings


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """One engine (one connection pool) per database URL for the life of the process."""
    url = url or get_settings().database_url
    engine = _ENGINES.get(url)
    if engine is None:
        with _ENGINES_LOCK:
            engine = _ENGINES.get(url) or _ENGINES.setdefault(url, make_engine(url))
    return engine


def dispose_engine(url: str) -> None:
    """Close a database's pooled connections and forget its engine (a test database going away)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: committed when the block succeeds, rolled back otherwise."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    return config


def migrate(url: str | None = None) -> None:
    """Bring the schema to the newest revision."""
    command.upgrade(alembic_config(url or get_settings().database_url), "head")


TABLE_MODULES = (
    "core.applications.commitment_records",
    "core.applications.data_use_records",
    "core.applications.delivery.outbox",
    "core.applications.records",
    "core.applications.submission_claims",
    "core.applications.upload_records",
    "core.audit",
    "core.bank.records",
    "core.guide.editorial.records",
    "core.guide.records",
    "core.identity.nonces",
    "core.identity.oidc_records",
    "core.identity.records",
    "core.identity.terminal_events",
    "core.identity.terminal_records",
)


def metadata() -> SQLModel.metadata.__class__:
    """Every table of the product, for Alembic: importing a module registers its tables."""
    for module in TABLE_MODULES:
        importlib.import_module(module)
    return SQLModel.metadata
