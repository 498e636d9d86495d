"""What the bank channel may offer: only items marked for it, asking exactly what the item
itself asks (the bank adds no step, material or fee), with the branch's most asked first."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.applications.forms import form_for
from core.bank.errors import BankRuleError
from core.guide.catalogue import Catalogue
from core.guide.models import Channel, Flag, Item
from core.settings import REPO_ROOT

MOST_ASKED_FILE = REPO_ROOT / "data" / "bank" / "most_asked.yaml"


@lru_cache(maxsize=2)
def most_asked_codes(path: Path = MOST_ASKED_FILE) -> tuple[str, ...]:
    """Item codes bank customers ask for most, in the order the branch shows them."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return tuple(str(entry["code"]) for entry in data.get("most_asked", []))


@dataclass(frozen=True)
class BankItem:
    """An item as the bank offers it: its own materials and fee, nothing added."""

    code: str
    name: str
    plain_name: str
    fee: str
    materials: tuple[str, ...]
    needs_commitment: bool
    most_asked: bool


def is_bank_item(item: Item) -> bool:
    return Channel.BANK in item.channels


def bank_item(catalogue: Catalogue, code: str) -> Item:
    """The item if the bank channel may offer it; `not_for_bank` otherwise (also for unknown codes)."""
    item = catalogue.find_item(code)
    if item is None or not is_bank_item(item):
        raise BankRuleError("not_for_bank", f"item {code} is not offered at bank branches")
    return item


def _view(item: Item, asked: frozenset[str]) -> BankItem:
    materials = {m.name: None for scenario in item.scenarios for m in scenario.materials}
    return BankItem(
        item.code,
        item.name,
        item.plain_name,
        item.fee,
        tuple(materials),
        item.has_flag(Flag.COMMITMENT),
        item.code in asked,
    )


def allowed_items(catalogue: Catalogue) -> list[BankItem]:
    """Every item the bank may offer: the most asked first (in their order), then by popularity."""
    order = {code: rank for rank, code in enumerate(most_asked_codes())}
    items = [item for item in catalogue.items if is_bank_item(item)]
    items.sort(key=lambda item: (order.get(item.code, len(order)), -item.popularity, item.code))
    return [_view(item, frozenset(order)) for item in items]


def most_asked(catalogue: Catalogue) -> list[BankItem]:
    return [item for item in allowed_items(catalogue) if item.most_asked]


def only_the_items_own_questions(item: Item, scenario_id: str, answers: dict) -> None:
    """Refuse any answer the item's own form does not ask: a bank may not add materials or fees."""
    asked = {field.id for field in form_for(item, scenario_id or None).fields}
    extra = sorted(set(answers) - asked)
    if extra:
        raise BankRuleError(
            "not_in_form",
            "the bank may ask only what the item itself asks",
            {name[:64]: "not_in_form" for name in extra[:20]},
        )
