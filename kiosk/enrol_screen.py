"""The screen that opens an account with the ID card on the reader: the card shown masked, what
happens to it, an optional mobile number typed on a big keypad, then "open my account"."""

from __future__ import annotations

import reflex as rx

from kiosk.enrol import KioskEnrolState
from shared_ui.components.alerts import coded_alert
from shared_ui.i18n import N_, msg

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
ENROL_ERRORS = {
    "phone_invalid": N_("This is not a mobile number. Check it, or clear it to go on without one.")
}


def _card() -> rx.Component:
    return rx.el.dl(
        rx.el.dt(msg("Name")),
        rx.el.dd(KioskEnrolState.card_name, id="kiosk-enrol-name"),
        rx.el.dt(msg("ID number")),
        rx.el.dd(KioskEnrolState.card_number, id="kiosk-enrol-number"),
        class_name="panel kiosk-card",
    )


def _keypad() -> rx.Component:
    return rx.el.div(
        *(
            rx.el.button(key, on_click=KioskEnrolState.press_digit(key), class_name="kiosk-button key")
            for key in KEYS
        ),
        rx.el.button(
            msg("Delete"),
            on_click=KioskEnrolState.erase_digit,
            class_name="kiosk-button key",
            id="kiosk-erase",
        ),
        class_name="kiosk-keypad",
        role="group",
        aria_label=msg("Keypad"),
    )


def _contact() -> rx.Component:
    return rx.el.div(
        rx.el.label(msg("Mobile number for status texts (optional)"), html_for="kiosk-contact-phone"),
        rx.el.output(KioskEnrolState.contact_digits, id="kiosk-contact-phone", class_name="kiosk-typed"),
        _keypad(),
        class_name="kiosk-contact",
    )


def enrol_screen() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Open your account with this ID card"), id="kiosk-enrol"),
        rx.el.p(
            msg(
                "There is no account for this ID card yet. We check the name and number on the card with"
                " the population register and open an account for you. You do not need a phone."
            )
        ),
        _card(),
        coded_alert(KioskEnrolState.error, ENROL_ERRORS),
        _contact(),
        rx.el.div(
            rx.el.button(
                rx.cond(
                    KioskEnrolState.enrolling, msg("Checking with the register…"), msg("Open my account")
                ),
                on_click=KioskEnrolState.open_account,
                disabled=KioskEnrolState.enrolling,
                class_name="kiosk-button primary wide",
                id="kiosk-open-account",
            ),
            rx.el.button(msg("Not now"), on_click=KioskEnrolState.decline, class_name="kiosk-button"),
            class_name="kiosk-actions",
        ),
        aria_labelledby="kiosk-enrol",
    )
