"""Content blocks in the database. Saving one changes every guide that embeds it at once,
so it needs the publish permission and adds a catalogue revision (caches reload)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog
from core.clock import Clock, system_clock
from core.guide.blocks import SLUG, Block
from core.guide.editorial.records import ContentBlockRecord
from core.guide.editorial.workflow import EditorialError
from core.guide.repository import CatalogueRepository
from core.identity.permissions import Permission, StaffPrincipal, authorize

CHANNEL = "editor"


class ContentBlocks:
    def __init__(
        self, engine: Engine, repository: CatalogueRepository, audit: AuditLog, clock: Clock = system_clock
    ) -> None:
        self._engine, self._repository, self._audit, self._clock = engine, repository, audit, clock

    def blocks(self) -> Mapping[str, Block]:
        with Session(self._engine) as session:
            rows = session.exec(select(ContentBlockRecord).order_by(ContentBlockRecord.slug))
            return {r.slug: Block(r.slug, r.title, r.body, r.body_en) for r in rows}

    def save(
        self, principal: StaffPrincipal | None, slug: str, title: str, body: str, body_en: str = ""
    ) -> Block:
        who = authorize(principal, Permission.PUBLISH_GUIDE, self._audit, CHANNEL)
        slug, title, body = slug.strip(), title.strip(), body.strip()
        if not SLUG.match(slug):
            raise EditorialError("bad_slug")
        if not title or not body or len(title) > 100 or len(body) > 2000 or len(body_en) > 2000:
            raise EditorialError("invalid")
        with Session(self._engine) as session:
            row = session.get(ContentBlockRecord, slug) or ContentBlockRecord(
                slug=slug, title=title, body=body, updated_by=who.username
            )
            row.title, row.body, row.body_en = title, body, body_en.strip()
            row.updated_by, row.updated_at = who.username, self._clock()
            session.add(row)
            session.commit()
        self._repository.add_items([], note=f"content block {slug} by {who.username}")
        self._audit.record("guide.block.save", "ok", actor=who.username, channel=CHANNEL, block=slug)
        return Block(slug, title, body, body_en.strip())
