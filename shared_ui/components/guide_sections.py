"""Sections of an item guide, plain language first, then the official text."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.badges import channel_list
from shared_ui.components.links import link
from shared_ui.guide_views import GuideView
from shared_ui.i18n import bilingual, content_lang, is_english, msg, msgf
from shared_ui.views import FaqView


def _fact(term: rx.Var[str], *detail: rx.Component | rx.Var | str) -> rx.Component:
    return rx.el.div(rx.el.dt(term), rx.el.dd(*detail), class_name="fact")


def key_facts(guide: rx.Var[GuideView]) -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("At a glance"), id="facts"),
        rx.el.dl(
            _fact(msg("How long"), msgf("{days} working days (promised)", days=guide.time_limit_promised)),
            _fact(msg("Cost"), rx.el.span(bilingual(guide.fee, guide.fee_en))),
            _fact(
                msg("Trips to a hall"),
                rx.cond(
                    guide.visits == 0,
                    msg("None — you can do it all online"),
                    msgf("{n} trip(s)", n=guide.visits),
                ),
            ),
            _fact(msg("Where you can do it"), channel_list(guide.channels)),
            _fact(msg("Service hall"), rx.el.span(guide.place, lang="zh-CN")),
            _fact(msg("Opening hours"), rx.el.span(guide.hours, lang="zh-CN")),
            _fact(msg("Phone"), rx.el.a(guide.phone, href="tel:" + guide.phone)),
            class_name="facts",
        ),
        aria_labelledby="facts",
    )


def who_can_apply(guide: rx.Var[GuideView]) -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Who can apply"), id="who"),
        rx.el.p(guide.who_can_apply, lang="zh-CN"),
        aria_labelledby="who",
    )


def _step_list(texts: rx.Var[list[str]], lang: str) -> rx.Component:
    return rx.el.ol(rx.foreach(texts, lambda s: rx.el.li(s)), lang=lang, class_name="steps")


def steps(guide: rx.Var[GuideView]) -> rx.Component:
    """The English steps in English mode when the editors wrote them, else the Chinese ones."""
    return rx.el.section(
        rx.el.h2(msg("Steps"), id="steps"),
        rx.cond(
            is_english() & (guide.steps_en.length() > 0),
            _step_list(guide.steps_en, "en"),
            _step_list(guide.steps, "zh-CN"),
        ),
        aria_labelledby="steps",
    )


def _faq(faq: rx.Var[FaqView]) -> rx.Component:
    return rx.el.details(
        rx.el.summary(bilingual(faq.question, faq.question_en), lang=content_lang(faq.question_en)),
        rx.el.p(bilingual(faq.answer, faq.answer_en), lang=content_lang(faq.answer_en)),
        class_name="faq",
    )


def faqs(guide: rx.Var[GuideView]) -> rx.Component:
    return rx.cond(
        guide.faqs.length() > 0,
        rx.el.section(
            rx.el.h2(msg("Questions people ask"), id="faqs"),
            rx.el.div(rx.foreach(guide.faqs, _faq)),
            aria_labelledby="faqs",
        ),
        "",
    )


def official_text(guide: rx.Var[GuideView]) -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Official details"), id="official"),
        rx.el.dl(
            _fact(msg("Official name"), rx.el.span(guide.name, lang="zh-CN")),
            _fact(msg("Item code"), rx.el.code(guide.code)),
            _fact(msg("Item type"), bilingual(guide.type_label, guide.type_label_en)),
            _fact(
                msg("Department"),
                link(
                    bilingual(guide.department.label, guide.department.label_en), href=guide.department.href
                ),
            ),
            _fact(msg("Legal time limit"), msgf("{days} working days", days=guide.time_limit_legal)),
            _fact(
                msg("Legal basis"),
                rx.el.ul(rx.foreach(guide.legal_basis, lambda b: rx.el.li(b)), lang="zh-CN"),
            ),
            class_name="facts",
        ),
        aria_labelledby="official",
        class_name="official",
    )
