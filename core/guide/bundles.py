"""What a life-event bundle (一件事) asks for once, and what it saves against applying
item by item: one form instead of many, each document once, fewer trips."""

from __future__ import annotations

from dataclasses import dataclass

from core.guide.models import Bundle, Item, Material


@dataclass(frozen=True)
class MergedMaterial:
    material: Material
    needed_by: tuple[str, ...]  # Item.code of every member item asking for it


@dataclass(frozen=True)
class BundleSavings:
    items: int
    separate_visits: int
    bundle_visits: int
    separate_forms: int
    separate_materials: int
    merged_materials: int
    separate_steps: int

    @property
    def visits_saved(self) -> int:
        return max(self.separate_visits - self.bundle_visits, 0)

    @property
    def forms_saved(self) -> int:
        return max(self.separate_forms - 1, 0)

    @property
    def materials_saved(self) -> int:
        return self.separate_materials - self.merged_materials


def default_materials(item: Item) -> list[Material]:
    """A bundle asks for the materials of each item's first (most common) scenario."""
    return list(item.scenarios[0].materials)


def merge_materials(items: list[Item]) -> list[MergedMaterial]:
    """Each document once, in the order it is first needed, remembering who needs it."""
    order: list[str] = []
    first: dict[str, Material] = {}
    needed_by: dict[str, list[str]] = {}
    for item in items:
        for material in default_materials(item):
            if material.id not in first:
                order.append(material.id)
                first[material.id] = material
            needed_by.setdefault(material.id, []).append(item.code)
    return [MergedMaterial(first[mid], tuple(dict.fromkeys(needed_by[mid]))) for mid in order]


def bundle_savings(bundle: Bundle, items: list[Item]) -> BundleSavings:
    return BundleSavings(
        items=len(items),
        separate_visits=sum(item.visits for item in items),
        bundle_visits=bundle.visits,
        separate_forms=len(items),
        separate_materials=sum(len(default_materials(item)) for item in items),
        merged_materials=len(merge_materials(items)),
        separate_steps=sum(len(item.steps) for item in items),
    )
