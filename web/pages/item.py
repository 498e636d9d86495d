"""An item's guide: plain language first, the materials for the resident's own scenario
with how each is obtained, then the official text and the scan-to-apply code."""

from __future__ import annotations

import reflex as rx

from core.services import guide_service
from core.settings import get_settings
from shared_ui.components.badges import flag_badges
from shared_ui.components.guide_sections import faqs, key_facts, official_text, steps, who_can_apply
from shared_ui.components.layout import loading_or
from shared_ui.components.links import link
from shared_ui.components.materials_checklist import materials_checklist
from shared_ui.components.qr_image import qr_image
from shared_ui.guide_views import GuideView, guide_view
from shared_ui.i18n import bilingual, content_lang, msg
from shared_ui.session import route_arg
from shared_ui.views import LinkView, MaterialView, ScenarioView
from web.registry import citizen_page


class ItemState(rx.State):
    guide: GuideView = GuideView()
    scenario_id: str = ""
    conditions: list[str] = []
    materials: list[MaterialView] = []
    loaded: bool = False
    missing: bool = False
    page_title: str = "办事指南 · Service guide"

    @rx.event
    def load_item(self):
        code = route_arg(self, "code")
        service = guide_service()
        item = service.item(code)
        self.loaded, self.missing = item is not None, item is None
        if item is None:
            self.guide = GuideView()
            return
        self.guide = guide_view(service.catalogue, item, get_settings().public_url)
        self.page_title = f"{item.plain_name} · {item.plain_name_en or item.name}"
        self._show(self.guide.scenarios[0])

    @rx.event
    def choose_scenario(self, scenario_id: str):
        for scenario in self.guide.scenarios:
            if scenario.id == scenario_id:
                self._show(scenario)

    def _show(self, scenario: ScenarioView) -> None:
        self.scenario_id = scenario.id
        self.conditions = list(scenario.conditions)
        self.materials = list(scenario.materials)


def _scenario_option(scenario: rx.Var[ScenarioView]) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="scenario",
            value=scenario.id,
            checked=ItemState.scenario_id == scenario.id,
            on_change=ItemState.choose_scenario(scenario.id),
        ),
        rx.el.span(bilingual(scenario.name, scenario.name_en), lang=content_lang(scenario.name_en)),
        class_name="choice",
    )


def what_to_bring() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("What to bring"), id="materials"),
        rx.el.fieldset(
            rx.el.legend(msg("Which describes you?")),
            rx.foreach(ItemState.guide.scenarios, _scenario_option),
            class_name="scenarios",
        ),
        rx.cond(
            ItemState.conditions.length() > 0,
            rx.el.ul(
                rx.foreach(ItemState.conditions, lambda c: rx.el.li(c)), lang="zh-CN", class_name="conditions"
            ),
            "",
        ),
        materials_checklist(ItemState.materials, msg("Materials for your situation")),
        rx.cond(
            ItemState.guide.channels.contains("pc"),
            link(
                msg("Apply online"),
                href="/apply/" + ItemState.guide.code + "?scenario=" + ItemState.scenario_id,
                class_name="button primary",
                id="apply-online",
            ),
            "",
        ),
        rx.el.p(
            rx.el.a(
                msg("Download the guide (PDF)"),
                href="/print/guide/" + ItemState.guide.code + ".pdf",
                class_name="button",
                id="guide-pdf",
            )
        ),
        aria_labelledby="materials",
    )


def _bundle_link(entry: rx.Var[LinkView]) -> rx.Component:
    return rx.el.li(link(bilingual(entry.label, entry.label_en), href=entry.href))


def part_of_bundles() -> rx.Component:
    return rx.cond(
        ItemState.guide.bundles.length() > 0,
        rx.el.aside(
            rx.el.h2(msg("Save trips: apply together"), id="bundles-of-item"),
            rx.el.ul(rx.foreach(ItemState.guide.bundles, _bundle_link)),
            aria_labelledby="bundles-of-item",
            class_name="panel",
        ),
        "",
    )


def guide_body() -> rx.Component:
    guide = ItemState.guide
    return rx.el.article(
        rx.el.h1(bilingual(guide.plain_name, guide.plain_name_en), lang=content_lang(guide.plain_name_en)),
        rx.el.p(rx.el.span(guide.name, lang="zh-CN"), class_name="official-name"),
        rx.el.p(
            bilingual(guide.summary, guide.summary_en), class_name="lead", lang=content_lang(guide.summary_en)
        ),
        flag_badges(guide.flags),
        rx.el.div(
            rx.el.div(
                key_facts(guide),
                who_can_apply(guide),
                what_to_bring(),
                steps(guide),
                faqs(guide),
                official_text(guide),
                class_name="guide-main",
            ),
            rx.el.div(qr_image(guide.qr_svg, guide.entry_url), part_of_bundles(), class_name="guide-side"),
            class_name="guide-layout",
        ),
        class_name="guide",
    )


@citizen_page("/item/[code]", title=ItemState.page_title, on_load=ItemState.load_item)
def item_page() -> rx.Component:
    return loading_or(ItemState.loaded, ItemState.missing, guide_body())
