"""Renders one form question by its type, with its help text and its error, and lays out a
labelled control for the staff screens' own forms."""

from __future__ import annotations

import reflex as rx

from shared_ui.form_views import ChoiceView, FieldView
from shared_ui.i18n import N_, bilingual, content_lang, msg

FIELD_ERRORS = {
    "required": N_("Please answer this question."),
    "too_long": N_("This answer is too long."),
    "not_a_number": N_("Enter a number."),
    "out_of_range": N_("This number is outside the allowed range."),
    "not_a_date": N_("Enter a real date, like 2026-11-28."),
    "not_a_choice": N_("Choose one of the options."),
    "not_a_phone": N_("Enter an 11-digit mobile number."),
    "id_length": N_("An ID number has 18 characters."),
    "id_characters": N_("An ID number has 17 digits and a last digit or X."),
    "id_region": N_("The first 6 digits of this ID number are not a real area code."),
    "id_birth_date": N_("The birth date in this ID number is not a real date."),
    "id_future_birth": N_("The birth date in this ID number is in the future."),
    "id_check_digit": N_("This ID number has a typing mistake (its last character does not match)."),
}


def _option(choice: rx.Var[ChoiceView]) -> rx.Component:
    return rx.el.option(bilingual(choice.label, choice.label_en), value=choice.value)


def _input(f: rx.Var[FieldView]) -> rx.Component:
    common = {
        "id": "f-" + f.id,
        "name": f.id,
        "default_value": f.value,
        "key": f.id + f.value,
        "aria_describedby": "h-" + f.id,
        "aria_invalid": rx.cond(f.error != "", "true", "false"),
    }
    return rx.match(
        f.type,
        (
            "choice",
            rx.el.select(
                rx.el.option(msg("Choose…"), value=""),
                rx.foreach(f.choices, _option),
                class_name="text-input",
                **common,
            ),
        ),
        (
            "boolean",
            rx.el.select(
                rx.el.option(msg("Choose…"), value=""),
                rx.el.option(msg("Yes"), value="true"),
                rx.el.option(msg("No"), value="false"),
                class_name="text-input",
                **common,
            ),
        ),
        ("date", rx.el.input(type="date", class_name="text-input", **common)),
        ("number", rx.el.input(type="text", input_mode="decimal", class_name="text-input", **common)),
        ("textarea", rx.el.textarea(class_name="text-input", rows=3, **common)),
        rx.el.input(type="text", class_name="text-input", auto_complete="off", **common),
    )


def labelled_field(label: rx.Var[str] | rx.Component, control_id: str, control: rx.Component) -> rx.Component:
    """A control under its label, as every form of the staff screens lays them out."""
    return rx.el.div(
        rx.el.label(label, html_for=control_id, class_name="field-label"), control, class_name="form-field"
    )


def form_field(f: rx.Var[FieldView]) -> rx.Component:
    return rx.el.div(
        rx.el.label(
            bilingual(f.label, f.label_en),
            html_for="f-" + f.id,
            class_name="field-label",
            lang=content_lang(f.label_en),
        ),
        rx.el.div(
            bilingual(f.help, f.help_en), id="h-" + f.id, class_name="note", lang=content_lang(f.help_en)
        ),
        rx.cond(
            f.error != "",
            rx.el.p(
                rx.match(f.error, *((k, msg(v)) for k, v in FIELD_ERRORS.items()), f.error),
                class_name="error field-error",
            ),
            "",
        ),
        rx.cond(
            f.prefilled,
            rx.el.p(rx.el.strong(f.value), " ", msg("(from your verified identity)"), class_name="prefilled"),
            _input(f),
        ),
        class_name="form-field",
    )
