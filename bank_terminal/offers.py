"""What the teller can pick from: the bank's most asked items, a search in residents' words,
or a life event; always only items the bank channel may offer."""

from __future__ import annotations

from dataclasses import dataclass

from core.bank.channel import BankItem, allowed_items
from core.services import guide_service


@dataclass
class OfferRow:
    code: str = ""
    name: str = ""
    plain_name: str = ""
    fee: str = ""
    needs_commitment: bool = False


@dataclass
class LifeEventRow:
    id: str = ""
    name: str = ""
    name_en: str = ""


def _row(item: BankItem) -> OfferRow:
    return OfferRow(item.code, item.name, item.plain_name, item.fee, item.needs_commitment)


def most_asked_rows() -> list[OfferRow]:
    return [_row(item) for item in allowed_items(guide_service().catalogue) if item.most_asked]


def search_rows(query: str) -> list[OfferRow]:
    """Search hits in rank order, kept only where the bank may offer the item."""
    offered = {item.code: item for item in allowed_items(guide_service().catalogue)}
    hits = guide_service().search(query[:100], limit=40).hits
    return [_row(offered[hit.code]) for hit in hits if hit.kind == "item" and hit.code in offered]


def life_event_rows() -> list[LifeEventRow]:
    catalogue = guide_service().catalogue
    offered = {item.code for item in allowed_items(catalogue)}
    used = {event for item in catalogue.items if item.code in offered for event in item.life_events}
    return [LifeEventRow(e.id, e.name, e.name_en) for e in catalogue.life_events if e.id in used]


def life_event_offers(event_id: str) -> list[OfferRow]:
    catalogue = guide_service().catalogue
    return [
        _row(item) for item in allowed_items(catalogue) if event_id in catalogue.item(item.code).life_events
    ]


def offer(code: str) -> BankItem | None:
    return next((item for item in allowed_items(guide_service().catalogue) if item.code == code), None)
