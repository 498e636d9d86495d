"""Search results: items and bundles ranked together, each saying why it matched."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from core.services import guide_service
from shared_ui.components.item_card import card_list
from shared_ui.components.search_box import search_box
from shared_ui.i18n import msg, msgf
from shared_ui.views import CardView, hit_card
from web.registry import citizen_page

MAX_QUERY = 100


class SearchState(rx.State):
    query: str = ""
    results: list[CardView] = []
    suggestions: list[CardView] = []
    searched: bool = False

    @rx.event
    def submit_search(self, form_data: dict):
        query = str(form_data.get("q", "")).strip()[:MAX_QUERY]
        if not query:
            return None
        return rx.redirect(f"/search?q={quote(query)}")

    @rx.event
    def load_results(self):
        query = str(self.router.url.query_parameters.get("q", "")).strip()[:MAX_QUERY]
        self.query = query
        self.searched = bool(query)
        if not query:
            self.results, self.suggestions = [], []
            return
        service = guide_service()
        found = service.search(query, limit=10)
        catalogue = service.catalogue
        self.results = [hit_card(catalogue, hit) for hit in found.hits]
        self.suggestions = [hit_card(catalogue, hit) for hit in found.suggestions]


def _no_results() -> rx.Component:
    return rx.el.div(
        rx.el.p(msg("Nothing matched exactly. Did you mean one of these?"), role="status"),
        card_list(SearchState.suggestions),
    )


@citizen_page("/search", title="搜索 · Search", on_load=SearchState.load_results)
def search_page() -> rx.Component:
    return rx.fragment(
        rx.el.h1(msg("Search")),
        search_box(SearchState.submit_search, value=SearchState.query),
        rx.cond(
            SearchState.searched,
            rx.el.section(
                rx.el.h2(msgf("Results for “{query}”", query=SearchState.query), id="results"),
                rx.cond(SearchState.results.length() > 0, card_list(SearchState.results), _no_results()),
                aria_labelledby="results",
            ),
            rx.el.p(msg("Type what you need in your own words, in Chinese, pinyin or English.")),
        ),
    )
