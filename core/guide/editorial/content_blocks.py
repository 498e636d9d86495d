"""Content blocks as citizens read them: the published text of each block. Changes go
through the review workflow (BlockSubject) and reach this table only when published."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.guide.blocks import Block
from core.guide.editorial.records import ContentBlockRecord


class ContentBlocks:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def blocks(self) -> Mapping[str, Block]:
        with Session(self._engine) as session:
            rows = session.exec(select(ContentBlockRecord).order_by(ContentBlockRecord.slug))
            return {r.slug: Block(r.slug, r.title, r.body, r.body_en) for r in rows}
