"""The guide form: Chinese and English side by side. Text fields are debounced, so the
checker runs when the editor pauses typing rather than on every key."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.form_fields import labelled_field
from shared_ui.i18n import N_, msg


def _debounced(element: rx.Component, timeout: int) -> rx.Component:
    return rx.debounce_input(element, debounce_timeout=timeout)


def _field(label: rx.Var[str], field: str, value, state, timeout: int, rows: int = 0, lang: str = "zh-CN"):
    props = {
        "id": f"field-{field}",
        "value": value,
        "on_change": lambda text: state.set_text(field, text),
        "class_name": "text-input",
        "lang": lang,
    }
    control = rx.el.textarea(rows=rows, **props) if rows else rx.el.input(**props)
    return labelled_field(label, f"field-{field}", _debounced(control, timeout))


def _pair(state, timeout: int, field: str, zh_label: str, en_label: str, rows: int = 0) -> rx.Component:
    return rx.el.div(
        _field(msg(zh_label), field, getattr(state, field), state, timeout, rows),
        _field(msg(en_label), f"{field}_en", getattr(state, f"{field}_en"), state, timeout, rows, "en"),
        class_name="pair",
    )


def _scenario(state, timeout: int):
    def render(scenario, index) -> rx.Component:
        return rx.el.fieldset(
            rx.el.legend(scenario.name, lang="zh-CN"),
            rx.el.div(
                _debounced(
                    rx.el.input(
                        value=scenario.name,
                        aria_label=msg("Situation name (Chinese)"),
                        on_change=lambda v: state.set_scenario(index, "name", v),
                        class_name="text-input",
                        lang="zh-CN",
                    ),
                    timeout,
                ),
                _debounced(
                    rx.el.input(
                        value=scenario.name_en,
                        aria_label=msg("Situation name (English)"),
                        on_change=lambda v: state.set_scenario(index, "name_en", v),
                        class_name="text-input",
                        lang="en",
                    ),
                    timeout,
                ),
                class_name="pair",
            ),
            _debounced(
                rx.el.textarea(
                    value=scenario.conditions,
                    rows=2,
                    lang="zh-CN",
                    aria_label=msg("Who this situation is for (one per line)"),
                    on_change=lambda v: state.set_scenario(index, "conditions", v),
                    class_name="text-input",
                ),
                timeout,
            ),
            class_name="scenario-edit",
        )

    return render


def _material(state, timeout: int):
    def render(material, index) -> rx.Component:
        return rx.el.div(
            rx.el.span(material.name, lang="zh-CN", class_name="field-label"),
            _debounced(
                rx.el.input(
                    value=material.note,
                    aria_label=msg("Explanation of") + " " + material.name,
                    on_change=lambda v: state.set_material(index, v),
                    class_name="text-input",
                    lang="zh-CN",
                ),
                timeout,
            ),
            class_name="form-field",
        )

    return render


def _faq(state, timeout: int):
    def box(faq, index, key: str, label: str, lang: str, rows: int = 1) -> rx.Component:
        return _debounced(
            rx.el.textarea(
                value=getattr(faq, key),
                rows=rows,
                lang=lang,
                aria_label=msg(label),
                on_change=lambda v: state.set_faq(index, key, v),
                class_name="text-input",
            ),
            timeout,
        )

    def render(faq, index) -> rx.Component:
        return rx.el.fieldset(
            rx.el.legend(msg("Question"), " ", index + 1),
            rx.el.div(
                box(faq, index, "question", N_("Question (Chinese)"), "zh-CN"),
                box(faq, index, "question_en", N_("Question (English)"), "en"),
                class_name="pair",
            ),
            rx.el.div(
                box(faq, index, "answer", N_("Answer (Chinese)"), "zh-CN", 2),
                box(faq, index, "answer_en", N_("Answer (English)"), "en", 2),
                class_name="pair",
            ),
            rx.el.button(
                msg("Remove this question"),
                on_click=state.remove_faq(index),
                type="button",
                class_name="link-button",
            ),
            class_name="faq-edit",
        )

    return render


def guide_form(state, timeout: int) -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Plain-language text"), id="form-heading"),
        _pair(state, timeout, "plain_name", N_("Title (Chinese)"), N_("Title (English)")),
        _pair(state, timeout, "summary", N_("Summary (Chinese)"), N_("Summary (English)"), rows=4),
        _pair(
            state,
            timeout,
            "steps",
            N_("Steps (Chinese, one per line)"),
            N_("Steps (English, one per line)"),
            5,
        ),
        rx.el.p(msg("Embed a reusable block with {{block:name}}, e.g. a hall's address."), class_name="hint"),
        rx.el.h3(msg("Situations")),
        rx.foreach(state.scenarios, _scenario(state, timeout)),
        rx.el.h3(msg("Material explanations")),
        rx.foreach(state.materials, _material(state, timeout)),
        rx.el.h3(msg("Questions people ask")),
        rx.foreach(state.faqs, _faq(state, timeout)),
        rx.el.button(msg("Add a question"), on_click=state.add_faq, type="button", class_name="button"),
        aria_labelledby="form-heading",
        class_name="panel guide-form",
    )
