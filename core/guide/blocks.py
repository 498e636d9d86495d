"""Reusable content blocks: a hall's address and hours, a hotline, a fee table, written once
and embedded in many guides as `{{block:slug}}`. Placeholders are resolved when the
published catalogue is read, so every channel shows the block's current text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from core.guide.catalogue import Catalogue
from core.guide.models import Item

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
PLACEHOLDER = re.compile(r"\{\{block:([a-z0-9][a-z0-9-]{0,39})\}\}")


@dataclass(frozen=True)
class Block:
    slug: str
    title: str
    body: str
    body_en: str = ""

    def text(self, english: bool) -> str:
        return (self.body_en or self.body) if english else self.body


class BlockSource(Protocol):
    def blocks(self) -> Mapping[str, Block]: ...


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def resolve_text(text: str, blocks: Mapping[str, Block], english: bool = False) -> str:
    """Each known placeholder becomes the block's text; an unknown one disappears (editors are
    stopped from saving those, so only a deleted block can leave one)."""

    def replace(match: re.Match) -> str:
        block = blocks.get(match.group(1))
        return block.text(english) if block else ""

    return PLACEHOLDER.sub(replace, text) if "{{block:" in text else text


def _walk(value: Any, blocks: Mapping[str, Block], english: bool) -> Any:
    if isinstance(value, str):
        return resolve_text(value, blocks, english)
    if isinstance(value, list):
        return [_walk(entry, blocks, english) for entry in value]
    if isinstance(value, dict):
        return {key: _walk(entry, blocks, english or key.endswith("_en")) for key, entry in value.items()}
    return value


def resolve_item(item: Item, blocks: Mapping[str, Block]) -> Item:
    """The item with every placeholder in every text field resolved (English fields get English)."""
    if not blocks and "{{block:" not in item.model_dump_json():
        return item
    return Item.model_validate(_walk(item.model_dump(mode="json"), blocks, english=False))


def resolve_catalogue(catalogue: Catalogue, blocks: Mapping[str, Block]) -> Catalogue:
    items = tuple(resolve_item(item, blocks) for item in catalogue.items)
    return Catalogue(catalogue.departments, catalogue.life_events, items, catalogue.bundles)
