"""View data of the kiosk's choice screens, built from the catalogue: few, big choices."""

from __future__ import annotations

from collections.abc import Iterable

from core.guide.catalogue import Catalogue
from core.guide.models import Channel, Item
from shared_ui.views import CardView, LinkView, item_card

MOST_USED = 6


def life_event_links(catalogue: Catalogue) -> list[LinkView]:
    """One tile per life event; `href` carries the event id (the kiosk has no page links)."""
    return [LinkView(event.id, event.name, event.name_en) for event in catalogue.life_events]


def item_cards(catalogue: Catalogue, items: Iterable[Item]) -> list[CardView]:
    return [item_card(catalogue, item) for item in items]


def most_used_cards(catalogue: Catalogue) -> list[CardView]:
    """The most used items that can be done right here at the kiosk."""
    here = [item for item in catalogue.most_used(len(catalogue.items)) if Channel.KIOSK in item.channels]
    return item_cards(catalogue, here[:MOST_USED])


def event_cards(catalogue: Catalogue, event_id: str) -> list[CardView]:
    items = sorted((i for i in catalogue.items if event_id in i.life_events), key=lambda i: -i.popularity)
    return item_cards(catalogue, items)
