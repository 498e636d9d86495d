"""The bank terminal's desk page (/bank): the customer panel (identify, consent, form,
receipt) beside what the branch offers (most asked, search, life events)."""

from __future__ import annotations

import reflex as rx

from bank_terminal.access import HOME_ROUTE, LOGOUT_URL
from bank_terminal.desk_state import BankDeskState as S
from bank_terminal.offers import LifeEventRow, OfferRow
from bank_terminal.registry import bank_page
from shared_ui.components.alerts import coded_alert
from shared_ui.components.apply_blocks import print_receipt_button
from shared_ui.components.form_fields import form_field
from shared_ui.components.qr_image import qr_figure
from shared_ui.components.search_box import search_box
from shared_ui.i18n import N_, bilingual, msg

ERRORS = {
    "no_account": N_("This customer has no real-name account in the city app yet: they need one to consent."),
    "bad_card": N_("The ID card could not be used (unreadable, expired or not matching an account)."),
    "bad_code": N_("That e-ID code is not valid or was already used. Ask for a new one on the phone."),
    "consent_required": N_("The customer has not consented on their phone."),
    "customer_required": N_("Identify the customer first."),
    "not_for_bank": N_("This service is not offered at bank branches."),
    "incomplete": N_("Some answers are missing or wrong: see the form."),
    "invalid_answers": N_("Some answers are missing or wrong: see the form."),
    "not_in_form": N_("The bank may ask only what the service itself asks."),
    "in_progress": N_("This application is being sent right now. Wait a moment, then look at the receipt."),
    "consent_expired": N_("The customer's consent has expired. Ask for it again."),
    "consent_closed": N_("This consent was already answered. Ask for a new one if needed."),
    "commitment_unsigned": N_("The customer has not signed the commitment (告知承诺) on their phone."),
    "commitment_text_changed": N_(
        "The commitment text changed while the customer was reading it. Ask them to read and sign it again."
    ),
}
PRINTED = {
    "printing": N_("Printing the receipt…"),
    "printed": N_("Printed: give the receipt to the customer."),
    "printer_unavailable": N_(
        "The printer did not work. The application is received; try again or show the status code."
    ),
    "not_found": N_("This receipt cannot be printed here."),
}
CONSENT = {
    "pending": N_("Waiting for the customer to confirm on their phone…"),
    "declined": N_("The customer declined. Nothing was sent."),
    "expired": N_("The request expired. Choose the service again to ask once more."),
}


def _teller_bar() -> rx.Component:
    return rx.el.div(
        rx.el.p(msg("Teller"), ": ", rx.el.strong(S.teller_name, id="teller-name"), " · ", S.branch),
        rx.el.a(msg("Log out"), href=LOGOUT_URL, class_name="button"),
        class_name="button-row",
    )


def _error() -> rx.Component:
    return coded_alert(S.error, ERRORS, S.error, "desk-error")


def _waiting() -> rx.Component:
    return rx.el.div(
        rx.el.h2(msg("Next customer")),
        rx.el.p(msg("Put the customer's ID card on the reader, or scan the e-ID code on their phone.")),
        class_name="panel",
    )


def _customer_line() -> rx.Component:
    return rx.el.div(
        rx.el.h2(msg("Customer")),
        rx.el.p(rx.el.strong(S.customer_name, id="customer-name"), " ", rx.el.span(S.customer_number)),
        rx.el.button(
            msg("Customer leaves"), on_click=S.customer_leaves, class_name="button", id="customer-leaves"
        ),
        class_name="panel",
        id="customer-panel",
    )


def _consent() -> rx.Component:
    return rx.el.div(
        rx.el.h2(msg("Consent on the customer's phone")),
        rx.el.p(S.chosen_name, " · ", msg("Fee"), ": ", S.chosen_fee),
        rx.el.p(msg("Materials the service itself asks for; the bank adds nothing:")),
        rx.el.ul(rx.foreach(S.chosen_materials, lambda m: rx.el.li(m)), class_name="inline-list"),
        qr_figure(
            S.consent_qr,
            msg("Consent QR code for the customer's phone"),
            msg("The customer scans this with the city app and confirms there."),
            image_id="consent-qr",
        ),
        rx.el.p(
            rx.match(S.consent_status, *((k, msg(v)) for k, v in CONSENT.items()), ""),
            role="status",
            id="consent-status",
        ),
        class_name="panel",
    )


def _form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(S.chosen_name),
        rx.el.p(msg("The customer consented on their phone."), id="consent-given"),
        rx.foreach(S.fields, form_field),
        rx.el.button(msg("Submit for the customer"), type="submit", class_name="button primary"),
        on_submit=S.submit_application,
        reset_on_submit=False,
        class_name="stack panel apply-form",
    )


def _receipt() -> rx.Component:
    return rx.el.div(
        rx.el.h2(msg("Application received")),
        rx.el.p(
            msg("Receipt number"), ": ", rx.el.strong(S.receipt_no, class_name="receipt-no", id="receipt-no")
        ),
        qr_figure(
            S.receipt_qr,
            msg("Status QR code of this application"),
            msg("Scan to follow the status of this application."),
        ),
        print_receipt_button(S.printing, S.print_receipt, "print-receipt", "button"),
        rx.el.p(
            rx.match(S.printing, *((k, msg(v)) for k, v in PRINTED.items()), ""),
            role=rx.cond(
                (S.printing == "printer_unavailable") | (S.printing == "not_found"), "alert", "status"
            ),
            id="print-status",
            data_printing=S.printing,
        ),
        class_name="panel",
    )


def _customer_side() -> rx.Component:
    return rx.el.section(
        _error(),
        rx.cond(S.stage == "waiting", _waiting(), _customer_line()),
        rx.match(S.stage, ("consent", _consent()), ("form", _form()), ("receipt", _receipt()), rx.fragment()),
        aria_label=msg("Customer"),
        class_name="stack",
    )


def _offer(row: OfferRow) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(row.plain_name, class_name="card-summary"),
            rx.el.br(),
            rx.el.small(row.name),
            on_click=S.choose(row.code),
            disabled=S.stage == "waiting",
            class_name="tile",
        ),
    )


def _life_event(row: LifeEventRow) -> rx.Component:
    return rx.el.option(bilingual(row.name, row.name_en), value=row.id)


def _offers_side() -> rx.Component:
    return rx.el.section(
        rx.el.h2(rx.cond(S.query != "", msg("Search results"), msg("Bank customers' most asked"))),
        search_box(S.search, S.query),
        rx.el.label(msg("By life event"), html_for="life-event", class_name="field-label"),
        rx.el.select(
            rx.el.option(msg("Most asked"), value=""),
            rx.foreach(S.life_events, _life_event),
            id="life-event",
            value=S.life_event,
            on_change=S.show_life_event,
            class_name="text-input",
        ),
        rx.el.ul(rx.foreach(S.offers, _offer), class_name="tiles", id="offers"),
        aria_label=msg("Services offered at this branch"),
        class_name="stack",
    )


@bank_page(HOME_ROUTE, title="政银通办 · Bank terminal", on_load=S.load_desk)
def desk_page() -> rx.Component:
    return rx.el.div(
        rx.el.h1(msg("Government services at this branch")),
        _teller_bar(),
        rx.el.div(_customer_side(), _offers_side(), class_name="guide-layout"),
    )
