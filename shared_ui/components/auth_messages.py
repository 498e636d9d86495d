"""What a refused login or real-name step means, in words a resident understands."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.alerts import coded_alert
from shared_ui.i18n import N_, msg

ERRORS = {
    "invalid_phone": N_("Enter an 11-digit mainland mobile number, like 13812345678."),
    "too_many_requests": N_("Too many tries. Please wait a minute and try again."),
    "sms_unavailable": N_("We could not send the text message just now. Please try again shortly."),
    "invalid_code": N_("That code is not right. Check the text message and try again."),
    "expired_code": N_("That code has expired. Ask for a new one."),
    "too_many_attempts": N_("Too many wrong codes. Ask for a new one."),
    "ticket": N_("Your login took too long. Please log in again."),
    "expired": N_("You were logged out because nothing happened for a while. Please log in again."),
    "oidc": N_(
        "We could not log you in with Henan unified identity. Please try again, or use your phone number."
    ),
    "name": N_("Enter your name as it is on your ID card."),
    "length": N_("An ID number has 18 characters."),
    "characters": N_("An ID number has 17 digits and a last digit or X."),
    "region": N_("The first 6 digits of this ID number are not a real area code."),
    "birth_date": N_("The birth date in this ID number is not a real date."),
    "future_birth": N_("The birth date in this ID number is in the future."),
    "check_digit": N_("This ID number has a typing mistake (its last character does not match)."),
    "mismatch": N_("The name and ID number do not match the population register."),
    "not_found": N_("The population register has no record of this ID number."),
    "deceased": N_("This ID number cannot be used."),
    "already_bound": N_("This ID number is already linked to another account. Call 12345 for help."),
    "unavailable": N_("The population register is not answering. Nothing was lost: try again shortly."),
}


def login_alert(code: rx.Var[str], element_id: str | None = None) -> rx.Component:
    """A refused login or real-name step as an alert, while there is one."""
    return coded_alert(code, ERRORS, msg("Something went wrong. Please try again."), element_id)
