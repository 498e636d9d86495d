"""Blocks of applying that the PC web and the kiosk share: the e-licence consent, the answers
form, the check of the answers with the declaration, and printing the receipt. `elderly` draws
them for the kiosk: large (and wide primary) buttons, large checkboxes."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.alerts import coded_text
from shared_ui.components.form_fields import form_field
from shared_ui.form_views import FieldView
from shared_ui.i18n import N_, bilingual, msg

FETCH_LABELS = {
    "uploaded": N_("Uploaded"),
    "ok": N_("Fetched from the e-licence library"),
    "none_found": N_("Not in the e-licence library: please upload it"),
    "failed": N_("The e-licence library did not answer: try again or upload it"),
}
APPLY_ERRORS = {
    "fix_errors": N_("Some answers need fixing. See the messages below."),
    "declaration": N_("Please tick the declaration before you submit."),
}


def button_class(elderly: bool, primary: bool = False) -> str:
    if elderly:
        return "kiosk-button primary wide" if primary else "kiosk-button"
    return "button primary" if primary else "button"


def _choice_class(elderly: bool, web_class: str = "") -> str:
    return "choice kiosk-check" if elderly else f"choice {web_class}".strip()


def fetch_status(fetched: rx.Var[str]) -> rx.Component:
    """What happened to a material: uploaded, fetched, or why it could not be fetched."""
    return coded_text(fetched, FETCH_LABELS)


def elicence_consent(
    consent: rx.Var[bool],
    on_toggle: rx.EventHandler,
    fetching: rx.Var[bool],
    on_fetch: rx.EventHandler,
    ids: tuple[str, str],
    *notes: rx.Component,
    elderly: bool = False,
) -> rx.Component:
    """The consent to fetch the e-licences listed above and the button that fetches them;
    `ids` are the checkbox's and the button's, `notes` stand between them."""
    return rx.el.div(
        rx.el.label(
            rx.el.input(type="checkbox", checked=consent, on_change=on_toggle, id=ids[0]),
            rx.el.span(msg("I agree that my e-licences listed above are fetched for this application.")),
            class_name=_choice_class(elderly),
        ),
        *notes,
        rx.el.button(
            rx.cond(fetching, msg("Fetching…"), msg("Fetch my e-licences")),
            on_click=on_fetch,
            disabled=~consent | fetching,
            class_name=button_class(elderly),
            id=ids[1],
        ),
        class_name="stack",
    )


def answers_form(
    fields: rx.Var[list[FieldView]],
    on_submit: rx.EventHandler,
    *heading: rx.Component,
    elderly: bool = False,
) -> rx.Component:
    """Every question of the form, saved together by one button."""
    return rx.el.form(
        *heading,
        rx.foreach(fields, form_field),
        rx.el.button(msg("Save and continue"), type="submit", class_name=button_class(elderly, primary=True)),
        on_submit=on_submit,
        class_name="stack apply-form",
    )


def _answer(f: rx.Var[FieldView]) -> rx.Component:
    return rx.el.div(rx.el.dt(bilingual(f.label, f.label_en)), rx.el.dd(f.value), class_name="fact")


def answers_check(
    fields: rx.Var[list[FieldView]],
    on_change: rx.EventHandler,
    declared: rx.Var[bool],
    on_declare: rx.EventHandler,
    on_submit: rx.EventHandler,
    ids: tuple[str, str],
    elderly: bool = False,
) -> rx.Component:
    """The answers to check, a way back to change them, the declaration and the submit
    button; `ids` are the declaration checkbox's and the submit button's."""
    return rx.fragment(
        rx.el.dl(rx.foreach(fields, _answer), class_name="facts", id="answers"),
        rx.el.button(msg("Change answers"), on_click=on_change, class_name=button_class(elderly)),
        rx.el.label(
            rx.el.input(type="checkbox", checked=declared, on_change=on_declare, id=ids[0]),
            rx.el.span(msg("I declare that what I have given is true and complete.")),
            class_name=_choice_class(elderly, "declaration"),
        ),
        rx.el.button(
            msg("Submit application"),
            on_click=on_submit,
            class_name=button_class(elderly, primary=True),
            id=ids[1],
        ),
    )


def print_receipt_button(
    printing: rx.Var[str], on_print: rx.EventHandler, element_id: str, class_name: str
) -> rx.Component:
    """Prints the receipt; says so and waits while the printer works (`printing` is "printing")."""
    busy = printing == "printing"
    return rx.el.button(
        rx.cond(busy, msg("Printing…"), msg("Print the receipt")),
        on_click=on_print,
        disabled=busy,
        class_name=class_name,
        id=element_id,
    )
