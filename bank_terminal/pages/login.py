"""A teller logs in at a paired bank terminal with password and authenticator code.

The password only passes through `log_in`'s form data, never a state var. An unpaired browser
is told so and cannot log in: the bank screen works only on a registered terminal."""

from __future__ import annotations

import reflex as rx

from bank_terminal.access import CHANNEL, HOME_ROUTE, LOGIN_ROUTE, desk_of, paired_bank_terminal, ticket_url
from bank_terminal.registry import bank_page
from core.identity.permissions import Permission
from shared_ui.components.staff_login import (
    LOGIN_ERRORS,
    authenticate_staff,
    clear_secrets,
    enter_with_ticket,
    login_error,
    staff_login_form,
)
from shared_ui.i18n import N_, msg

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
        login = authenticate_staff(self, form_data, "bank")
        self.username, self.error = login.username, login.error
        if login.principal is None:
            return clear_secrets()
        if not login.principal.can(Permission.ASSIST_CUSTOMER):
            self.error = "not_teller"
            return clear_secrets()
        return enter_with_ticket(login.principal, CHANNEL, ticket_url)

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
