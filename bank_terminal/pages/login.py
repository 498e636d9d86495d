"""A teller logs in at a paired bank terminal with password and authenticator code.

The password only passes through `log_in`'s form data, never a state var. An unpaired browser
is told so and cannot log in: the bank screen works only on a registered terminal."""

from __future__ import annotations

import reflex as rx

from bank_terminal.access import CHANNEL, HOME_ROUTE, LOGIN_ROUTE, desk_of, paired_bank_terminal, ticket_url
from bank_terminal.registry import bank_page
from core.identity.permissions import Permission
from core.identity.staff import StaffAuthError
from core.services import session_store, staff_accounts
from shared_ui.components.staff_login import LOGIN_ERRORS, clear_secrets, login_error, staff_login_form
from shared_ui.i18n import N_, msg
from shared_ui.session import client_key

ERRORS = {
    **LOGIN_ERRORS,
    "not_teller": N_("This account may not serve bank customers."),
    "unpaired": N_("This screen is not a registered bank terminal. Ask the branch to pair it."),
}


class BankLoginState(rx.State):
    username: str = ""
    error: str = ""

    @rx.event
    def log_in(self, form_data: dict):
        if paired_bank_terminal(self) is None:
            self.error = "unpaired"
            return None
        self.username = str(form_data.get("username", "")).strip()[:64]
        try:
            principal = staff_accounts().authenticate(
                self.username,
                str(form_data.get("password", ""))[:256],
                str(form_data.get("code", "")).strip()[:6],
                channel="bank",
                client=client_key(self),
            )
        except StaffAuthError as refused:
            self.error = refused.code if refused.code in ("locked", "rate_limited") else "invalid"
            return clear_secrets()
        if not principal.can(Permission.ASSIST_CUSTOMER):
            self.error = "not_teller"
            return clear_secrets()
        ticket = session_store().issue_ticket("staff", principal.username, CHANNEL)
        self.error = ""
        return rx.call_script(f"window.location.assign('{ticket_url(ticket)}')")

    @rx.event
    def load_login(self):
        if desk_of(self, touch=False) is not None:
            return rx.redirect(HOME_ROUTE)
        reason = str(self.router.url.query_parameters.get("error", ""))
        self.error = (
            "unpaired" if paired_bank_terminal(self) is None else (reason if reason == "ticket" else "")
        )
        return None


@bank_page(LOGIN_ROUTE, title="柜员登录 · Teller login", on_load=BankLoginState.load_login)
def login_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Teller login")),
        rx.el.p(
            msg(
                "Bank staff serving customers at this terminal. You need your password and authenticator app."
            )
        ),
        login_error(BankLoginState.error, ERRORS),
        staff_login_form(BankLoginState.log_in, BankLoginState.username),
        class_name="narrow",
    )
