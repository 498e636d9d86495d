"""Staff log in with username, password and a 6-digit code from their authenticator app.

The password only passes through `log_in`'s form data: it is never kept in a state var.
Every refusal reads the same, except a locked account, which says when to try again.
"""

from __future__ import annotations

import reflex as rx

from editor.access import CHANNEL, HOME_ROUTE, LOGIN_ROUTE, ticket_url
from editor.registry import editor_page
from shared_ui.components.staff_login import (
    LOGIN_ERRORS,
    authenticate_staff,
    clear_secrets,
    enter_with_ticket,
    login_error,
    staff_login_form,
)
from shared_ui.i18n import N_, msg
from shared_ui.session import current_staff

ERRORS = {
    **LOGIN_ERRORS,
    "expired": N_("You were logged out because nothing happened for a while. Please log in again."),
}


class EditorLoginState(rx.State):
    username: str = ""
    error: str = ""

    @rx.event
    def log_in(self, form_data: dict):
        login = authenticate_staff(self, form_data, CHANNEL)
        self.username, self.error = login.username, login.error
        if login.principal is None:
            return clear_secrets()
        return enter_with_ticket(login.principal, CHANNEL, ticket_url)

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
