"""What the review workflow edits: a guide's text, a bundle, a content block. Each subject
says how its content is read, checked, found as published and published; the workflow
(versions, review by a second person, publish-now flagged until reviewed) is the same for all."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from core.clock import Clock, system_clock
from core.guide.blocks import SLUG, placeholders
from core.guide.catalogue import Catalogue, CatalogueError
from core.guide.editorial.errors import EditorialError
from core.guide.editorial.records import ContentBlockRecord
from core.guide.editorial.texts import GuideText, apply_text, text_of
from core.guide.models import Bundle, Item
from core.guide.repository import CatalogueRepository


class Subject(Protocol):
    kind: str  # guide, bundle, block: also the prefix of its audit actions
    model: type[BaseModel]  # what a version holds

    def parse(self, key: str, raw: BaseModel | dict) -> BaseModel: ...

    def published(self, key: str) -> BaseModel | None: ...

    def publish(self, key: str, content: BaseModel, actor: str, note: str) -> None: ...


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], raw: BaseModel | dict) -> M:
    """The content as `model`, or EditorialError("invalid") naming each wrong field."""
    if isinstance(raw, model):
        return raw
    try:
        return model.model_validate(raw if isinstance(raw, dict) else raw.model_dump())
    except ValidationError as invalid:
        fields = tuple(".".join(str(p) for p in error["loc"]) for error in invalid.errors())
        raise EditorialError("invalid", fields) from invalid


class GuideSubject:
    kind, model = "guide", GuideText

    def __init__(self, repository: CatalogueRepository, known_blocks: Callable[[], Mapping]) -> None:
        self._repository, self._known_blocks = repository, known_blocks

    def item(self, code: str) -> Item:
        item = self._repository.load().find_item(code)
        if item is None:
            raise EditorialError("not_found")
        return item

    def parse(self, key: str, raw: BaseModel | dict) -> GuideText:
        text = validated(GuideText, raw)
        unknown = sorted({slug for t in text.lines() for slug in placeholders(t)} - set(self._known_blocks()))
        if unknown:
            raise EditorialError("unknown_block", tuple(unknown))
        return text

    def published(self, key: str) -> GuideText:
        return text_of(self.item(key))

    def publish(self, key: str, content: BaseModel, actor: str, note: str) -> None:
        self._repository.add_items([apply_text(self.item(key), validated(GuideText, content))], note=note)


class BundleSubject:
    kind, model = "bundle", Bundle

    def __init__(self, repository: CatalogueRepository) -> None:
        self._repository = repository

    def parse(self, key: str, raw: BaseModel | dict) -> Bundle:
        bundle = validated(Bundle, raw)
        if bundle.code != key:
            raise EditorialError("invalid", ("code",))
        current = self._repository.load()
        others = tuple(b for b in current.bundles if b.code != bundle.code)
        try:  # the references (items, life event, department) must exist in the catalogue
            Catalogue(current.departments, current.life_events, current.items, (*others, bundle))
        except CatalogueError as wrong:
            raise EditorialError("invalid", (str(wrong),)) from wrong
        return bundle

    def published(self, key: str) -> Bundle | None:
        return next((b for b in self._repository.load().bundles if b.code == key), None)

    def publish(self, key: str, content: BaseModel, actor: str, note: str) -> None:
        self._repository.add_bundles([self.parse(key, content)], note=note)


class BlockText(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    title: str = Field(min_length=1, max_length=100)
    body: str = Field(min_length=1, max_length=2000)
    body_en: str = Field(default="", max_length=2000)


class BlockSubject:
    """Blocks citizens read live in content_block: only publishing writes there."""

    kind, model = "block", BlockText

    def __init__(self, engine: Engine, repository: CatalogueRepository, clock: Clock = system_clock) -> None:
        self._engine, self._repository, self._clock = engine, repository, clock

    def parse(self, key: str, raw: BaseModel | dict) -> BlockText:
        if not SLUG.match(key):
            raise EditorialError("bad_slug")
        return validated(BlockText, raw)

    def published(self, key: str) -> BlockText | None:
        with Session(self._engine) as session:
            row = session.get(ContentBlockRecord, key)
            return BlockText(title=row.title, body=row.body, body_en=row.body_en) if row else None

    def publish(self, key: str, content: BaseModel, actor: str, note: str) -> None:
        text = validated(BlockText, content)
        with Session(self._engine) as session:
            row = session.get(ContentBlockRecord, key) or ContentBlockRecord(
                slug=key, title=text.title, body=text.body, updated_by=""
            )
            row.title, row.body, row.body_en = text.title, text.body, text.body_en
            row.updated_by, row.updated_at = actor[:64], self._clock()
            session.add(row)
            session.commit()
        self._repository.add_items([], note=note)  # a new catalogue revision: caches reload
