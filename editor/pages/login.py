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
from shared_ui.components.staff_login import LOGIN_ERRORS, clear_secrets, login_error, staff_login_form
from shared_ui.i18n import N_, msg
from shared_ui.session import client_key, current_staff

ERRORS = {
    **LOGIN_ERRORS,
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
            return clear_secrets()
        ticket = session_store().issue_ticket("staff", principal.username, CHANNEL)
        self.error = ""
        return rx.call_script(f"window.location.assign('{ticket_url(ticket)}')")

    @rx.event
    def load_login(self):
        if current_staff(self, CHANNEL, touch=False) is not None:
            return rx.redirect(HOME_ROUTE)
        reason = str(self.router.url.query_parameters.get("error", ""))
        self.error = reason if reason in ("ticket", "expired") else ""
        self.username = ""  # a fresh visit (e.g. after someone logged out) starts empty
        return None


@editor_page(LOGIN_ROUTE, title="编辑后台登录 · Back office login", on_load=EditorLoginState.load_login)
def login_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Back office login")),
        rx.el.p(msg("For staff editing the service guide. You need your password and authenticator app.")),
        login_error(EditorLoginState.error, ERRORS),
        staff_login_form(EditorLoginState.log_in, EditorLoginState.username),
        class_name="narrow",
    )
