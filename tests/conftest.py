"""Shared fixtures: a migrated database per test (SQLite by default; PostgreSQL when
YIWANG_TEST_BACKEND=postgresql, cloned from a migrated template database so each test is fresh)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.db import dispose_engine, get_engine, migrate
from core.guide.catalogue import Catalogue, load_catalogue_dir
from core.guide.repository import SqlCatalogueRepository
from core.settings import REPO_ROOT, get_settings


@pytest.fixture(scope="session")
def seed_catalogue() -> Catalogue:
    return load_catalogue_dir(REPO_ROOT / "data" / "catalogue")


TEST_BACKEND = os.environ.get("YIWANG_TEST_BACKEND", "sqlite")
# Real services of this project's machines; a test that needs one fails (never skips) without it.
TEST_REDIS = os.environ.get("YIWANG_TEST_REDIS", "redis://127.0.0.1:6379/15")
POSTGRES_SERVER = os.environ.get("YIWANG_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")


def _postgres_admin():
    return create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """One migrated database per test run; every test gets a copy (CREATE DATABASE … TEMPLATE)."""
    name = f"yw_template_{secrets.token_hex(4)}"
    admin = _postgres_admin()
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    migrate(f"{POSTGRES_SERVER}/{name}")
    yield name
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if TEST_BACKEND != "postgresql":
        url = f"sqlite:///{tmp_path / 'yiwang.db'}"
        migrate(url)
        yield url
        dispose_engine(url)
        return
    template = request.getfixturevalue("postgres_template")
    name = f"yw_test_{secrets.token_hex(6)}"
    admin = _postgres_admin()
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    url = f"{POSTGRES_SERVER}/{name}"
    yield url
    dispose_engine(url)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def seeded_env(
    database_url: str, seed_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Settings and services pointed at a fresh seeded database."""
    from core.services import reset_services

    SqlCatalogueRepository(get_engine(database_url)).replace_all(seed_catalogue, note="test seed")
    monkeypatch.setenv("YIWANG_DATABASE_URL", database_url)
    monkeypatch.setenv("YIWANG_PUBLIC_URL", "http://kiosk.test:3000")
    if TEST_BACKEND == "postgresql":  # the scale-out layout: PostgreSQL + Redis, a namespace per test
        monkeypatch.setenv("REDIS_URL", TEST_REDIS)
        monkeypatch.setenv("YIWANG_REDIS_PREFIX", f"ywtest:{secrets.token_hex(6)}:")
    get_settings.cache_clear()
    reset_services()
    yield database_url
    get_settings.cache_clear()
    reset_services()


@pytest.fixture
def redis_namespace() -> Iterator[tuple[object, str]]:
    """(client, key prefix) on the real Redis; the test's keys are deleted afterwards."""
    from core.redis_client import redis_client

    client = redis_client(TEST_REDIS)
    prefix = f"ywtest:{secrets.token_hex(6)}:"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


@pytest.fixture
def print_spool(seeded_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Printing goes to a spool folder of this test (no CUPS queue): the folder, not yet created."""
    folder = tmp_path / "spool"
    monkeypatch.setenv("YIWANG_PRINT_SPOOL", str(folder))
    monkeypatch.delenv("YIWANG_PRINTER", raising=False)
    get_settings.cache_clear()
    return folder
