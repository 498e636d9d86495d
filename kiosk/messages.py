"""Every message the kiosk shows after a scan, a card or a refusal, by key."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import N_, msg

NOTICES = {
    "signed_in": N_("You are signed in. Choose a service, or scan a code."),
    "unknown_code": N_("This code does not open any service here. Try another code or choose below."),
    "receipt_code": N_("This is a receipt code: scan it with your phone to follow your application."),
    "card_unreadable": N_("The ID card could not be read. Take it off the reader and put it back."),
    "signin_card_expired": N_("This ID card has expired. Please renew it first."),
    "signin_no_account": N_(
        "There is no verified account for this ID card yet. Verify your real name once on your phone"
        " or on the website, then use the kiosk."
    ),
    "enrolled": N_("Your account is open and you are signed in. Choose a service, or scan a code."),
    "enrol_unavailable": N_(
        "The population register cannot be reached right now, so no account was opened. Please try again"
        " in a few minutes or ask the staff."
    ),
    "enrol_refused": N_("The population register does not confirm this ID card. Please ask the staff."),
    "signin_expired": N_("This code has expired. Show a new code from your phone."),
    "signin_replayed": N_("This code has already been used. Show a new code from your phone."),
    "signin_wrong_channel": N_("This code cannot be used at a kiosk."),
    "signin_not_an_eid": N_("This code cannot sign you in."),
    "handoff_sign_in_first": N_(
        "To continue the application from your phone, put your ID card on the reader or show your e-ID code."
    ),
    "handoff_opened": N_("Your application from your phone is open. Check it and continue."),
    "handoff_not_yours": N_("This application belongs to someone else and cannot be opened here."),
    "sign_in_to_apply": N_("To apply, put your ID card on the reader or show your e-ID code."),
    "not_at_kiosk": N_("This service cannot be applied for at a kiosk."),
}
BAD_CODE = N_("This code is not valid. Show a new code from your phone.")
ALERTS = (
    "card_unreadable",
    "handoff_not_yours",
    "unknown_code",
    "enrol_unavailable",
    "enrol_refused",
)


def notice_text(key: rx.Var[str]) -> rx.Component:
    return rx.match(key, *((k, msg(v)) for k, v in NOTICES.items()), msg(BAD_CODE))
