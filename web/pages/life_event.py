"""Life events: what to do when a baby is born, you retire, open a shop..."""

from __future__ import annotations

import reflex as rx

from core.services import guide_service
from shared_ui.components.item_card import card_list
from shared_ui.components.layout import loading_or
from shared_ui.components.links import link
from shared_ui.i18n import bilingual, msg
from shared_ui.session import route_arg
from shared_ui.views import CardView, LinkView, bundle_card, item_card, life_event_href
from web.registry import citizen_page


class LifeEventState(rx.State):
    events: list[LinkView] = []
    event: LinkView = LinkView()
    bundles: list[CardView] = []
    items: list[CardView] = []
    loaded: bool = False
    missing: bool = False
    page_title: str = "人生事件 · Life event"

    @rx.event
    def load_events(self):
        catalogue = guide_service().catalogue
        self.events = [LinkView(life_event_href(e.id), e.name, e.name_en) for e in catalogue.life_events]

    @rx.event
    def load_event(self):
        catalogue = guide_service().catalogue
        event_id = route_arg(self, "event")
        event = next((e for e in catalogue.life_events if e.id == event_id), None)
        self.loaded, self.missing = event is not None, event is None
        if event is None:
            return
        self.event = LinkView(life_event_href(event.id), event.name, event.name_en)
        self.bundles = [bundle_card(catalogue, b) for b in catalogue.bundles if b.life_event == event.id]
        items = sorted((i for i in catalogue.items if event.id in i.life_events), key=lambda i: -i.popularity)
        self.items = [item_card(catalogue, i) for i in items]
        self.page_title = f"{event.name} · {event.name_en}"


@citizen_page("/life", title="人生事件 · Life events", on_load=LifeEventState.load_events)
def life_events_page() -> rx.Component:
    return rx.fragment(
        rx.el.h1(msg("Life events")),
        rx.el.ul(
            rx.foreach(
                LifeEventState.events,
                lambda e: rx.el.li(link(bilingual(e.label, e.label_en), href=e.href, class_name="tile")),
            ),
            class_name="tiles",
        ),
    )


@citizen_page("/life/[event]", title=LifeEventState.page_title, on_load=LifeEventState.load_event)
def life_event_page() -> rx.Component:
    e = LifeEventState.event
    return loading_or(
        LifeEventState.loaded,
        LifeEventState.missing,
        rx.el.h1(bilingual(e.label, e.label_en)),
        rx.cond(
            LifeEventState.bundles.length() > 0,
            rx.el.section(rx.el.h2(msg("Do it all at once")), card_list(LifeEventState.bundles)),
            "",
        ),
        rx.el.section(rx.el.h2(msg("Services")), card_list(LifeEventState.items)),
    )
