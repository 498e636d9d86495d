"""The kiosk's apply screens: the form with its materials, the check with the declaration,
and the receipt with the status code."""

from __future__ import annotations

import reflex as rx

from kiosk.apply import KioskApplyState, MaterialLineView
from kiosk.state import KioskState
from shared_ui.components.alerts import coded_alert
from shared_ui.components.apply_blocks import (
    APPLY_ERRORS,
    answers_check,
    answers_form,
    elicence_consent,
    fetch_status,
    print_receipt_button,
)
from shared_ui.components.badges import obtain_label
from shared_ui.components.qr_image import status_qr
from shared_ui.i18n import N_, bilingual, content_lang, msg


def _error() -> rx.Component:
    return coded_alert(KioskApplyState.error, APPLY_ERRORS)


def _line(line: rx.Var[MaterialLineView]) -> rx.Component:
    return rx.el.li(
        rx.el.strong(bilingual(line.name, line.name_en), lang=content_lang(line.name_en)),
        " · ",
        obtain_label(line.obtain),
        rx.cond(line.fetched != "", rx.el.span(" · ", fetch_status(line.fetched)), ""),
        class_name="kiosk-material",
        data_fetched=line.fetched,
    )


def _materials() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Materials"), id="kiosk-materials"),
        rx.el.ul(rx.foreach(KioskApplyState.lines, _line), class_name="kiosk-lines"),
        rx.cond(
            KioskApplyState.has_elicences,
            elicence_consent(
                KioskApplyState.consent,
                KioskApplyState.toggle_consent,
                KioskApplyState.fetching,
                KioskApplyState.fetch_licences,
                ("kiosk-consent", "kiosk-fetch"),
                elderly=True,
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
        answers_form(
            KioskApplyState.fields, KioskApplyState.save_answers, rx.el.h2(msg("Your answers")), elderly=True
        ),
        aria_labelledby="kiosk-apply-title",
    )


def check_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Check your answers"), id="kiosk-check"),
        _error(),
        answers_check(
            KioskApplyState.fields,
            KioskApplyState.change_answers,
            KioskApplyState.declared,
            KioskApplyState.toggle_declared,
            KioskApplyState.submit,
            ("kiosk-declaration", "kiosk-submit"),
            elderly=True,
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
        status_qr(KioskApplyState.receipt_qr, "kiosk-receipt-qr"),
        _print_status(),
        rx.el.div(
            print_receipt_button(
                KioskApplyState.printing, KioskApplyState.print_receipt, "kiosk-print", "kiosk-button wide"
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
