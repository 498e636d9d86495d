"""Shared fixtures: a migrated, seeded SQLite database per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.db import get_engine, migrate
from core.guide.catalogue import Catalogue, load_catalogue_dir
from core.guide.repository import SqlCatalogueRepository
from core.settings import REPO_ROOT, get_settings


@pytest.fixture(scope="session")
def seed_catalogue() -> Catalogue:
    return load_catalogue_dir(REPO_ROOT / "data" / "catalogue")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'yiwang.db'}"
    migrate(url)
    return url


@pytest.fixture
def seeded_env(
    database_url: str, seed_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Settings and services pointed at a fresh seeded database."""
    from core.services import reset_services

    SqlCatalogueRepository(get_engine(database_url)).replace_all(seed_catalogue, note="test seed")
    monkeypatch.setenv("YIWANG_DATABASE_URL", database_url)
    monkeypatch.setenv("YIWANG_PUBLIC_URL", "http://kiosk.test:3000")
    get_settings.cache_clear()
    reset_services()
    yield database_url
    get_settings.cache_clear()
    reset_services()
