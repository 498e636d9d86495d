"""Composition root: the one place where channels get their core services, wired to settings."""

from __future__ import annotations

from functools import lru_cache

from core.db import get_engine
from core.guide.repository import SqlCatalogueRepository
from core.guide.search import load_glossary
from core.guide.services import GuideService
from core.settings import get_settings


@lru_cache(maxsize=1)
def guide_service() -> GuideService:
    settings = get_settings()
    return GuideService(
        SqlCatalogueRepository(get_engine(settings.database_url)),
        load_glossary(settings.glossary_dir),
    )
