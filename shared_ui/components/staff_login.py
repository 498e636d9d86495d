"""The staff login form (username, password, authenticator code) and its error line, used by
every back-office-like screen: the editor and the bank terminal's teller login."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import N_, msg

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
    return rx.cond(
        error != "",
        rx.el.p(
            rx.match(error, *((key, msg(text)) for key, text in messages.items()), ""),
            role="alert",
            class_name="error",
            id="login-error",
        ),
        "",
    )


def _field(label: rx.Var[str], field_id: str, **props) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.input(id=field_id, required=True, class_name="text-input", **props),
        class_name="form-field",
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
