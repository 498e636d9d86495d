"""An item or bundle as a card in a list, saying why it matched a search."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.badges import flag_badges
from shared_ui.components.links import link
from shared_ui.i18n import N_, bilingual, content_lang, msg
from shared_ui.views import CardView, ReasonView

REASON_LABELS = {
    "name": N_("official name"),
    "plain_name": N_("plain-language title"),
    "keyword": N_("what residents call it"),
    "synonym": N_("another word for it"),
    "pinyin": N_("pinyin"),
    "initials": N_("pinyin initials"),
    "typo": N_("similar sound"),
    "english": N_("English"),
    "department": N_("department"),
    "summary": N_("description"),
}


def _reason(reason: rx.Var[ReasonView]) -> rx.Component:
    kind = rx.match(reason.kind, *((k, msg(v)) for k, v in REASON_LABELS.items()), reason.kind)
    return rx.el.li(
        kind,
        "：",
        rx.el.span(reason.term, lang="zh-CN"),
        rx.cond(reason.via != "", rx.el.span(" ← ", reason.via), ""),
    )


def item_card(card: rx.Var[CardView]) -> rx.Component:
    return rx.el.article(
        rx.el.h3(
            link(bilingual(card.title, card.title_en), href=card.href, class_name="card-link"),
            lang=content_lang(card.title_en),
        ),
        rx.el.p(
            rx.cond(card.kind == "bundle", rx.el.span(msg("Life-event bundle"), class_name="tag"), ""),
            rx.el.span(card.official_name, lang="zh-CN"),
            " · ",
            bilingual(card.department, card.department_en),
            class_name="card-meta",
        ),
        rx.el.p(
            bilingual(card.summary, card.summary_en),
            class_name="card-summary",
            lang=content_lang(card.summary_en),
        ),
        rx.cond(card.flags.length() > 0, flag_badges(card.flags), ""),
        rx.cond(
            card.reasons.length() > 0,
            rx.el.div(
                rx.el.span(msg("Why this result: ")),
                rx.el.ul(rx.foreach(card.reasons, _reason), class_name="reasons inline-list"),
                class_name="why",
            ),
            "",
        ),
        class_name="card",
    )


def card_list(cards: rx.Var[list[CardView]]) -> rx.Component:
    return rx.el.div(rx.foreach(cards, item_card), class_name="card-list")
