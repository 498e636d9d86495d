"""Counts that tell whether the catalogue meets the city's numbers."""

from __future__ import annotations

from core.guide.catalogue import Catalogue
from core.guide.models import Flag, Item


def has_plain_language(item: Item) -> bool:
    return bool(item.plain_name.strip()) and item.plain_name != item.name and bool(item.summary)


def has_english(item: Item) -> bool:
    return bool(item.plain_name_en.strip() and item.summary_en.strip())


def catalogue_stats(catalogue: Catalogue) -> dict[str, int]:
    scenarios = [s for item in catalogue.items for s in item.scenarios]
    materials = [m for s in scenarios for m in s.materials]
    return {
        "items": len(catalogue.items),
        "departments": len({item.department for item in catalogue.items}),
        "bundles": len(catalogue.bundles),
        "items_with_plain_language": sum(map(has_plain_language, catalogue.items)),
        "items_with_english": sum(map(has_english, catalogue.items)),
        "scenarios": len(scenarios),
        "materials": len(materials),
        "distinct_materials": len({m.id for m in materials}),
        **{f"flag_{flag.value}": sum(flag in i.flags for i in catalogue.items) for flag in Flag},
    }
