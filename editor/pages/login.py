"""Staff log in with username, password and a 6-digit code from their authenticator app.

The password only passes through `log_in`'s form data: it is never kept in a state var.
Every refusal reads the same, except a locked account, which says when to try again.
"""

from __future__ import annotations

import reflex as rx

from core.identity.staff import StaffAuthError
from core.services import session_store, staff_accounts
from editor.access import CHANNEL, HOME_ROUTE, LOGIN_ROUTE, ticket_url
from editor.registry import editor_page
from shared_ui.i18n import N_, msg
from shared_ui.session import client_key, current_staff

PASSWORD_FIELD, CODE_FIELD = "staff-password", "staff-code"
ERRORS = {
    "invalid": N_("The username, password or authenticator code is not right."),
    "locked": N_("Too many failed attempts. This account is locked: try again in 15 minutes."),
    "rate_limited": N_("Too many failed attempts from this device. Please try again in 15 minutes."),
    "ticket": N_("Your login took too long. Please log in again."),
    "expired": N_("You were logged out because nothing happened for a while. Please log in again."),
}


class EditorLoginState(rx.State):
    username: str = ""
    error: str = ""

    @rx.event
    def log_in(self, form_data: dict):
        self.username = str(form_data.get("username", "")).strip()[:64]
        try:
            principal = staff_accounts().authenticate(
                self.username,
                str(form_data.get("password", ""))[:256],
                str(form_data.get("code", "")).strip()[:6],
                channel=CHANNEL,
                client=client_key(self),
            )
        except StaffAuthError as refused:
            self.error = refused.code if refused.code in ("locked", "rate_limited") else "invalid"
            return [rx.set_value(PASSWORD_FIELD, ""), rx.set_value(CODE_FIELD, "")]
        ticket = session_store().issue_ticket("staff", principal.username, CHANNEL)
        self.error = ""
        return rx.call_script(f"window.location.assign('{ticket_url(ticket)}')")

    @rx.event
    def load_login(self):
        if current_staff(self, CHANNEL, touch=False) is not None:
            return rx.redirect(HOME_ROUTE)
        reason = str(self.router.url.query_parameters.get("error", ""))
        self.error = reason if reason in ("ticket", "expired") else ""
        return None


def _error_box() -> rx.Component:
    return rx.cond(
        EditorLoginState.error != "",
        rx.el.p(
            rx.match(EditorLoginState.error, *((key, msg(text)) for key, text in ERRORS.items()), ""),
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


def _login_form() -> rx.Component:
    return rx.el.form(
        _field(
            msg("Username"),
            "staff-username",
            name="username",
            auto_complete="username",
            max_length=64,
            spell_check=False,
            default_value=EditorLoginState.username,
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
        on_submit=EditorLoginState.log_in,
        class_name="stack",
    )


@editor_page(LOGIN_ROUTE, title="编辑后台登录 · Back office login", on_load=EditorLoginState.load_login)
def login_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Back office login")),
        rx.el.p(msg("For staff editing the service guide. You need your password and authenticator app.")),
        _error_box(),
        _login_form(),
        class_name="narrow",
    )
