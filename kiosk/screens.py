"""The kiosk's choice and guide screens: the attract screen, the start screen (scan, card or a
few big choices), life events, a list of items, and an item's guide in kiosk form."""

from __future__ import annotations

import reflex as rx

from kiosk.apply import KioskApplyState
from kiosk.state import KioskState
from shared_ui.components.badges import flag_badges
from shared_ui.components.guide_sections import key_facts, steps, who_can_apply
from shared_ui.components.materials_checklist import materials_checklist
from shared_ui.components.qr_image import qr_image
from shared_ui.i18n import bilingual, content_lang, msg
from shared_ui.views import CardView, LinkView, ScenarioView


def _how_to_start() -> rx.Component:
    return rx.el.ul(
        rx.el.li(
            rx.el.span("▣", aria_hidden="true", class_name="kiosk-icon"),
            msg("Hold a QR code under the camera"),
        ),
        rx.el.li(
            rx.el.span("▭", aria_hidden="true", class_name="kiosk-icon"),
            msg("Put your ID card on the reader"),
        ),
        rx.el.li(
            rx.el.span("☞", aria_hidden="true", class_name="kiosk-icon"),
            msg("Or choose a service on the screen"),
        ),
        class_name="kiosk-ways",
    )


def attract_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Self-service: do it yourself in a few touches"), id="kiosk-welcome"),
        _how_to_start(),
        rx.el.button(
            msg("Touch here to start"), on_click=KioskState.begin, class_name="kiosk-button primary huge"
        ),
        class_name="kiosk-attract",
        aria_labelledby="kiosk-welcome",
    )


def _item_tile(card: rx.Var[CardView]) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(bilingual(card.title, card.title_en), lang=content_lang(card.title_en)),
            rx.el.span(bilingual(card.department, card.department_en), class_name="kiosk-tile-note"),
            on_click=KioskState.open_item(card.code),
            class_name="kiosk-tile",
        )
    )


def _event_tile(event: rx.Var[LinkView]) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            bilingual(event.label, event.label_en),
            on_click=KioskState.open_life_event(event.href),
            class_name="kiosk-tile",
        )
    )


def start_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("What would you like to do?"), id="kiosk-start"),
        _how_to_start(),
        rx.el.h2(msg("Most used services")),
        rx.el.ul(rx.foreach(KioskState.most_used, _item_tile), class_name="kiosk-tiles"),
        rx.el.button(
            msg("Choose by life event"), on_click=KioskState.show_life_events, class_name="kiosk-button wide"
        ),
        aria_labelledby="kiosk-start",
    )


def _back() -> rx.Component:
    return rx.el.button(msg("Back"), on_click=KioskState.back_to_start, class_name="kiosk-button")


def life_events_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Life events"), id="kiosk-events"),
        rx.el.ul(rx.foreach(KioskState.life_events, _event_tile), class_name="kiosk-tiles"),
        _back(),
        aria_labelledby="kiosk-events",
    )


def _apply_for_all() -> rx.Component:
    """A bundle's list: one form for the whole life event, whatever its items' own channels."""
    return rx.cond(
        KioskState.bundle_code != "",
        rx.el.div(
            rx.el.p(msg("Apply for all of these at once: one form, each material given once.")),
            rx.el.button(
                msg("Apply for all of it here"),
                on_click=KioskApplyState.open_bundle_form,
                class_name="kiosk-button primary wide",
                id="kiosk-apply-bundle",
            ),
            class_name="panel",
        ),
        "",
    )


def list_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(bilingual(KioskState.list_title, KioskState.list_title_en), id="kiosk-list"),
        _apply_for_all(),
        rx.el.ul(rx.foreach(KioskState.cards, _item_tile), class_name="kiosk-tiles"),
        _back(),
        aria_labelledby="kiosk-list",
    )


def _scenario_button(scenario: rx.Var[ScenarioView]) -> rx.Component:
    return rx.el.button(
        rx.el.span(bilingual(scenario.name, scenario.name_en), lang=content_lang(scenario.name_en)),
        on_click=KioskState.choose_scenario(scenario.id),
        aria_pressed=rx.cond(KioskState.scenario_id == scenario.id, "true", "false"),
        class_name="kiosk-button choice",
    )


def _apply_here() -> rx.Component:
    return rx.cond(
        KioskState.guide.channels.contains("kiosk"),
        rx.el.button(
            msg("Apply here"),
            on_click=KioskApplyState.open_form,
            class_name="kiosk-button primary wide",
            id="kiosk-apply",
        ),
        rx.el.p(msg("This service cannot be applied for at a kiosk. See where below."), class_name="panel"),
    )


def guide_screen() -> rx.Component:
    guide = KioskState.guide
    return rx.el.article(
        rx.el.h1(bilingual(guide.plain_name, guide.plain_name_en), lang=content_lang(guide.plain_name_en)),
        rx.el.p(
            bilingual(guide.summary, guide.summary_en), class_name="lead", lang=content_lang(guide.summary_en)
        ),
        flag_badges(guide.flags),
        _apply_here(),
        rx.cond(
            guide.scenarios.length() > 1,
            rx.el.div(
                rx.el.h2(msg("Which describes you?")),
                rx.el.div(rx.foreach(guide.scenarios, _scenario_button), class_name="kiosk-choices"),
            ),
            "",
        ),
        materials_checklist(KioskState.materials, msg("Materials for your situation")),
        key_facts(guide),
        who_can_apply(guide),
        steps(guide),
        qr_image(guide.qr_svg, guide.entry_url),
        _back(),
        class_name="guide kiosk-guide",
        id="kiosk-guide",
    )
