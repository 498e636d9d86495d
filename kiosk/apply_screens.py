"""The kiosk's apply screens: the form with its materials, the check with the declaration,
and the receipt with the status code."""

from __future__ import annotations

import reflex as rx

from kiosk.apply import KioskApplyState, MaterialLineView
from kiosk.state import KioskState
from shared_ui.components.badges import obtain_label
from shared_ui.components.form_fields import form_field
from shared_ui.form_views import FieldView
from shared_ui.i18n import N_, bilingual, content_lang, msg

FETCHED = {
    "ok": N_("Fetched from the e-licence library"),
    "none_found": N_("Not in the e-licence library: please upload it"),
    "failed": N_("The e-licence library did not answer: try again or upload it"),
    "uploaded": N_("Uploaded"),
}
ERRORS = {
    "fix_errors": N_("Some answers need fixing. See the messages below."),
    "declaration": N_("Please tick the declaration before you submit."),
}


def _error() -> rx.Component:
    return rx.cond(
        KioskApplyState.error != "",
        rx.el.p(
            rx.match(KioskApplyState.error, *((k, msg(v)) for k, v in ERRORS.items()), ""),
            role="alert",
            class_name="error",
        ),
        "",
    )


def _line(line: rx.Var[MaterialLineView]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(bilingual(line.name, line.name_en), lang=content_lang(line.name_en)),
        " · ",
        obtain_label(line.obtain),
        rx.cond(
            line.fetched != "",
            rx.el.span(" · ", rx.match(line.fetched, *((k, msg(v)) for k, v in FETCHED.items()), "")),
            "",
        ),
        class_name="kiosk-material",
        data_fetched=line.fetched,
    )


def _materials() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Materials"), id="kiosk-materials"),
        rx.el.ul(rx.foreach(KioskApplyState.lines, _line), class_name="kiosk-lines"),
        rx.cond(
            KioskApplyState.has_elicences,
            rx.el.div(
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        checked=KioskApplyState.consent,
                        on_change=KioskApplyState.toggle_consent,
                        id="kiosk-consent",
                    ),
                    rx.el.span(
                        msg("I agree that my e-licences listed above are fetched for this application.")
                    ),
                    class_name="choice kiosk-check",
                ),
                rx.el.button(
                    rx.cond(KioskApplyState.fetching, msg("Fetching…"), msg("Fetch my e-licences")),
                    on_click=KioskApplyState.fetch_licences,
                    disabled=~KioskApplyState.consent | KioskApplyState.fetching,
                    class_name="kiosk-button",
                    id="kiosk-fetch",
                ),
                class_name="stack",
            ),
            "",
        ),
        aria_labelledby="kiosk-materials",
    )


def apply_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(bilingual(KioskApplyState.title, KioskApplyState.title_en), id="kiosk-apply-title"),
        _error(),
        _materials(),
        rx.el.form(
            rx.el.h2(msg("Your answers")),
            rx.foreach(KioskApplyState.fields, form_field),
            rx.el.button(msg("Save and continue"), type="submit", class_name="kiosk-button primary wide"),
            on_submit=KioskApplyState.save_answers,
            class_name="stack apply-form",
        ),
        aria_labelledby="kiosk-apply-title",
    )


def _answer(f: rx.Var[FieldView]) -> rx.Component:
    return rx.el.div(rx.el.dt(bilingual(f.label, f.label_en)), rx.el.dd(f.value), class_name="fact")


def check_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Check your answers"), id="kiosk-check"),
        _error(),
        rx.el.dl(rx.foreach(KioskApplyState.fields, _answer), class_name="facts", id="answers"),
        rx.el.button(
            msg("Change answers"), on_click=KioskApplyState.change_answers, class_name="kiosk-button"
        ),
        rx.el.label(
            rx.el.input(
                type="checkbox",
                checked=KioskApplyState.declared,
                on_change=KioskApplyState.toggle_declared,
                id="kiosk-declaration",
            ),
            rx.el.span(msg("I declare that what I have given is true and complete.")),
            class_name="choice kiosk-check",
        ),
        rx.el.button(
            msg("Submit application"),
            on_click=KioskApplyState.submit,
            class_name="kiosk-button primary wide",
            id="kiosk-submit",
        ),
        aria_labelledby="kiosk-check",
    )


PRINTED = {
    "printing": N_("Printing your receipt…"),
    "printed": N_("Printed: please take your receipt from the printer."),
    "print_failed": N_(
        "The printer did not work. Your application is received: please ask the staff for a printed receipt."
    ),
}


def _print_status() -> rx.Component:
    return rx.el.p(
        rx.match(KioskApplyState.printing, *((k, msg(v)) for k, v in PRINTED.items()), ""),
        role=rx.cond(KioskApplyState.printing == "print_failed", "alert", "status"),
        class_name=rx.cond(KioskApplyState.printing == "print_failed", "error", "notice"),
        id="kiosk-print-status",
        data_printing=KioskApplyState.printing,
    )


def receipt_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Your application has been received"), id="kiosk-receipt"),
        rx.el.div(
            rx.el.p(bilingual(KioskApplyState.title, KioskApplyState.title_en)),
            rx.el.p(msg("Keep this number:")),
            rx.el.p(KioskApplyState.receipt_no, class_name="receipt-no", id="receipt-no"),
            rx.el.p(msg("Submitted at"), " ", KioskApplyState.submitted_at),
            class_name="panel receipt",
        ),
        rx.el.figure(
            rx.html(KioskApplyState.receipt_qr, class_name="qr", role="img", aria_label=msg("Status code")),
            rx.el.figcaption(msg("Scan to follow this application on your phone")),
            class_name="qr-figure kiosk-receipt-qr",
        ),
        _print_status(),
        rx.el.div(
            rx.el.button(
                rx.cond(KioskApplyState.printing == "printing", msg("Printing…"), msg("Print the receipt")),
                on_click=KioskApplyState.print_receipt,
                disabled=KioskApplyState.printing == "printing",
                class_name="kiosk-button wide",
                id="kiosk-print",
            ),
            rx.el.button(
                msg("Finish and leave"),
                on_click=KioskState.wipe("finish"),
                class_name="kiosk-button primary wide",
            ),
            class_name="kiosk-actions",
        ),
        aria_labelledby="kiosk-receipt",
    )
