"""Home: search first, then life events, the most used services, bundles and departments."""

from __future__ import annotations

import reflex as rx

from core.services import guide_service
from shared_ui.components.item_card import card_list
from shared_ui.components.links import link
from shared_ui.components.search_box import search_box
from shared_ui.i18n import bilingual, msg
from shared_ui.views import CardView, LinkView, bundle_card, item_card, life_event_href
from web.pages.search import SearchState
from web.registry import citizen_page


class HomeState(rx.State):
    life_events: list[LinkView] = []
    most_used: list[CardView] = []
    bundles: list[CardView] = []

    @rx.event
    def load_home(self):
        catalogue = guide_service().catalogue
        self.life_events = [LinkView(life_event_href(e.id), e.name, e.name_en) for e in catalogue.life_events]
        self.most_used = [item_card(catalogue, i) for i in catalogue.most_used(8)]
        popular = sorted(catalogue.bundles, key=lambda b: -b.popularity)
        self.bundles = [bundle_card(catalogue, b) for b in popular]


def tile(entry: rx.Var[LinkView]) -> rx.Component:
    return rx.el.li(link(bilingual(entry.label, entry.label_en), href=entry.href, class_name="tile"))


@citizen_page("/", title="平顶山一网通办 · Pingdingshan One-Network Services", on_load=HomeState.load_home)
def home() -> rx.Component:
    return rx.fragment(
        rx.el.section(
            rx.el.h1(msg("Find a government service in your own words")),
            search_box(SearchState.submit_search, big=True),
            class_name="hero",
        ),
        rx.el.section(
            rx.el.h2(msg("Life events"), id="life-events"),
            rx.el.ul(rx.foreach(HomeState.life_events, tile), class_name="tiles"),
            aria_labelledby="life-events",
        ),
        rx.el.section(
            rx.el.h2(msg("Most used services"), id="most-used"),
            card_list(HomeState.most_used),
            aria_labelledby="most-used",
        ),
        rx.el.section(
            rx.el.h2(msg("Do it all at once: life-event bundles"), id="bundles"),
            card_list(HomeState.bundles),
            aria_labelledby="bundles",
        ),
        rx.el.p(link(msg("All departments"), href="/departments")),
    )
