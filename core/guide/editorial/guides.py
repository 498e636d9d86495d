"""The guide workflow: the review workflow over items' plain-language texts."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Engine

from core.audit import AuditLog
from core.clock import Clock, system_clock
from core.guide.editorial.subjects import GuideSubject
from core.guide.editorial.texts import GuideText
from core.guide.editorial.workflow import ReviewWorkflow
from core.guide.models import Item
from core.guide.repository import CatalogueRepository


class Editorial(ReviewWorkflow):
    def __init__(
        self,
        engine: Engine,
        repository: CatalogueRepository,
        audit: AuditLog,
        known_blocks: Callable[[], Mapping] = dict,
        clock: Clock = system_clock,
    ) -> None:
        self._guides = GuideSubject(repository, known_blocks)
        super().__init__(engine, self._guides, audit, clock)

    def published_item(self, code: str) -> Item:
        return self._guides.item(code)

    def version_text(self, code: str, number: int) -> GuideText:
        return self.version_content(code, number)
