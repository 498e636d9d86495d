"""The staff login form (username, password, authenticator code), its error line and the
steps of logging in, used by every back-office-like screen: the editor and the bank terminal's
teller login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx
from reflex.event import EventSpec

from core.identity.permissions import StaffPrincipal
from core.identity.staff import StaffAuthError
from core.services import session_store, staff_accounts
from shared_ui.components.alerts import coded_alert
from shared_ui.components.form_fields import labelled_field
from shared_ui.i18n import N_, msg
from shared_ui.session import client_key

LOGIN_ERRORS = {
    "invalid": N_("The username, password or authenticator code is not right."),
    "locked": N_("Too many failed attempts. This account is locked: try again in 15 minutes."),
    "rate_limited": N_("Too many failed attempts from this device. Please try again in 15 minutes."),
    "ticket": N_("Your login took too long. Please log in again."),
}
USERNAME_FIELD, PASSWORD_FIELD, CODE_FIELD = "staff-username", "staff-password", "staff-code"


def clear_secrets() -> list:
    """After a refusal: empty the password and code inputs (they never reach a state var)."""
    return [rx.set_value(PASSWORD_FIELD, ""), rx.set_value(CODE_FIELD, "")]


def login_error(error: rx.Var[str], messages: dict[str, str]) -> rx.Component:
    return coded_alert(error, messages, element_id="login-error")


@dataclass(frozen=True)
class StaffLogin:
    """What a login form's data amounted to: the username as typed (kept for the form), and
    the staff member or the refusal's code."""

    username: str
    principal: StaffPrincipal | None = None
    error: str = ""


def authenticate_staff(state: rx.State, form_data: dict, channel: str) -> StaffLogin:
    """Check the form's password and code; the password only passes through here."""
    username = str(form_data.get("username", "")).strip()[:64]
    try:
        principal = staff_accounts().authenticate(
            username,
            str(form_data.get("password", ""))[:256],
            str(form_data.get("code", "")).strip()[:6],
            channel=channel,
            client=client_key(state),
        )
    except StaffAuthError as refused:
        return StaffLogin(
            username, error=refused.code if refused.code in ("locked", "rate_limited") else "invalid"
        )
    return StaffLogin(username, principal)


def enter_with_ticket(principal: StaffPrincipal, channel: str, ticket_url: Callable[[str], str]) -> EventSpec:
    """Send the browser to trade a one-minute ticket for the HttpOnly session cookie."""
    ticket = session_store().issue_ticket("staff", principal.username, channel)
    return rx.call_script(f"window.location.assign('{ticket_url(ticket)}')")


def _field(label: rx.Var[str], field_id: str, **props) -> rx.Component:
    return labelled_field(
        label, field_id, rx.el.input(id=field_id, required=True, class_name="text-input", **props)
    )


def staff_login_form(on_submit: rx.EventHandler, username: rx.Var[str]) -> rx.Component:
    return rx.el.form(
        _field(
            msg("Username"),
            USERNAME_FIELD,
            name="username",
            auto_complete="username",
            max_length=64,
            spell_check=False,
            default_value=username,
        ),
        _field(
            msg("Password"),
            PASSWORD_FIELD,
            name="password",
            type="password",
            auto_complete="current-password",
        ),
        _field(
            msg("6-digit code from your authenticator app"),
            CODE_FIELD,
            name="code",
            input_mode="numeric",
            auto_complete="one-time-code",
            pattern="[0-9]{6}",
            max_length=6,
        ),
        rx.el.button(msg("Log in"), type="submit", class_name="button primary"),
        on_submit=on_submit,
        class_name="stack",
    )
