"""The whole catalogue as one immutable value, checked for consistency when built.

Loaded from the seed YAML (`load_catalogue_dir`) or from the database (repository), and
the unit every search index is built from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.guide.models import Bundle, Department, Item, LifeEvent, Material


class CatalogueError(ValueError):
    """The catalogue's parts do not fit together (unknown reference, duplicate code...)."""


@dataclass(frozen=True)
class Catalogue:
    departments: tuple[Department, ...]
    life_events: tuple[LifeEvent, ...]
    items: tuple[Item, ...]
    bundles: tuple[Bundle, ...]
    _items_by_code: dict[str, Item] = field(init=False, repr=False, compare=False)
    _bundles_by_code: dict[str, Bundle] = field(init=False, repr=False, compare=False)
    _departments_by_code: dict[str, Department] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_items_by_code", _index(self.items, "item"))
        object.__setattr__(self, "_bundles_by_code", _index(self.bundles, "bundle"))
        object.__setattr__(self, "_departments_by_code", _index(self.departments, "department"))
        _check_references(self)

    def item(self, code: str) -> Item:
        return self._items_by_code[code]

    def bundle(self, code: str) -> Bundle:
        return self._bundles_by_code[code]

    def department(self, code: str) -> Department:
        return self._departments_by_code[code]

    def find_item(self, code: str) -> Item | None:
        return self._items_by_code.get(code)

    def find_bundle(self, code: str) -> Bundle | None:
        return self._bundles_by_code.get(code)

    def find_department(self, code: str) -> Department | None:
        return self._departments_by_code.get(code)

    def items_of_department(self, code: str) -> list[Item]:
        return [item for item in self.items if item.department == code]

    def bundle_items(self, bundle: Bundle) -> list[Item]:
        return [self.item(code) for code in bundle.items]

    def most_used(self, limit: int = 10) -> list[Item]:
        return sorted(self.items, key=lambda item: (-item.popularity, item.code))[:limit]


def _index(entries: Iterable, kind: str) -> dict:
    by_code: dict = {}
    for entry in entries:
        key = entry.code if hasattr(entry, "code") else entry.id
        if key in by_code:
            raise CatalogueError(f"duplicate {kind} code {key}")
        by_code[key] = entry
    return by_code


def _check_references(catalogue: Catalogue) -> None:
    events = {event.id for event in catalogue.life_events}
    materials: dict[str, Material] = {}
    for item in catalogue.items:
        if item.department not in catalogue._departments_by_code:
            raise CatalogueError(f"item {item.code} names unknown department {item.department}")
        for event in item.life_events:
            if event not in events:
                raise CatalogueError(f"item {item.code} names unknown life event {event}")
        for scenario in item.scenarios:
            for material in scenario.materials:
                _check_material_consistent(materials, material, item.code)
    for bundle in catalogue.bundles:
        missing = [code for code in bundle.items if code not in catalogue._items_by_code]
        if missing:
            raise CatalogueError(f"bundle {bundle.code} names unknown items {missing}")
        if bundle.life_event not in events:
            raise CatalogueError(f"bundle {bundle.code} names unknown life event")
        if bundle.lead_department not in catalogue._departments_by_code:
            raise CatalogueError(f"bundle {bundle.code} names unknown lead department")


def _check_material_consistent(seen: dict[str, Material], material: Material, code: str) -> None:
    """One material id means one document everywhere, or bundles would merge different papers."""
    first = seen.setdefault(material.id, material)
    if first.name != material.name:
        raise CatalogueError(
            f"material id {material.id} is '{first.name}' elsewhere but '{material.name}' in {code}"
        )


def load_catalogue_dir(directory: Path) -> Catalogue:
    """Read departments.yaml, life_events.yaml, items/*.yaml and bundles/*.yaml."""
    items = [Item.model_validate(e) for e in _read_folder(directory / "items")]
    bundles = [Bundle.model_validate(e) for e in _read_folder(directory / "bundles")]
    return Catalogue(
        departments=tuple(Department.model_validate(e) for e in _read_list(directory / "departments.yaml")),
        life_events=tuple(LifeEvent.model_validate(e) for e in _read_list(directory / "life_events.yaml")),
        items=tuple(items),
        bundles=tuple(bundles),
    )


def _read_folder(folder: Path) -> list[dict]:
    return [entry for path in sorted(folder.glob("*.yaml")) for entry in _read_list(path)]


def _read_list(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle) or []
    if not isinstance(loaded, list):
        raise CatalogueError(f"{path} must hold a list")
    return loaded
