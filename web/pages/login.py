"""Log in with a phone number and a one-time SMS code, or through the province's unified
identity service (a link that leaves the app: the OIDC redirects are full page navigations)."""

from __future__ import annotations

import asyncio

import reflex as rx

from core.identity.login import LoginError
from core.services import citizen_login, session_store
from shared_ui.components.auth_messages import login_alert
from shared_ui.components.links import link
from shared_ui.handlers import off_loop
from shared_ui.i18n import msg
from shared_ui.session import client_key
from web.registry import citizen_page


class LoginState(rx.State):
    phone: str = ""
    code_sent: bool = False
    sending: bool = False
    error: str = ""
    retry_after: int = 0

    @rx.event(background=True)
    async def send_code(self, form_data: dict):
        phone = str(form_data.get("phone", ""))[:20]
        async with self:
            self.sending, self.error, self.phone = True, "", phone
            client = client_key(self)
        try:
            # The SMS gateway is a department system: never call it while holding the state lock.
            await asyncio.to_thread(citizen_login().request_code, phone, client, "pc")
            error, retry = "", 0
        except LoginError as refused:
            error, retry = refused.code, refused.retry_after
        async with self:
            self.sending, self.error, self.retry_after = False, error, retry
            self.code_sent = self.code_sent or not error or error == "too_many_requests"

    @rx.event
    @off_loop
    def verify_code(self, form_data: dict):
        try:
            result = citizen_login().verify_code(
                self.phone, str(form_data.get("code", ""))[:12], client_key(self), "pc"
            )
        except LoginError as refused:
            self.error = refused.code
            return None
        ticket = session_store().issue_ticket("citizen", result.citizen_id, "pc")
        self.error, self.code_sent = "", False
        return rx.call_script(f"window.location.assign('/auth/complete?ticket={ticket}&next=/account')")

    @rx.event
    def load_login(self):
        reason = str(self.router.url.query_parameters.get("error", ""))
        self.error = reason if reason in ("ticket", "expired", "oidc") else ""
        self.code_sent = False

    @rx.event
    def start_over(self):
        self.code_sent, self.error = False, ""


def _error_box() -> rx.Component:
    return login_alert(LoginState.error, "login-error")


def _phone_form() -> rx.Component:
    return rx.el.form(
        rx.el.label(msg("Mobile phone number"), html_for="phone", class_name="field-label"),
        rx.el.input(
            id="phone",
            name="phone",
            type="tel",
            input_mode="numeric",
            auto_complete="tel",
            max_length=20,
            required=True,
            class_name="text-input",
            default_value=LoginState.phone,
        ),
        rx.el.button(
            rx.cond(LoginState.sending, msg("Sending…"), msg("Send me a code")),
            type="submit",
            class_name="button primary",
            disabled=LoginState.sending,
        ),
        on_submit=LoginState.send_code,
        class_name="stack",
    )


def _code_form() -> rx.Component:
    return rx.el.form(
        rx.el.p(
            msg("If this number can receive text messages, we have sent it a 6-digit code."), role="status"
        ),
        rx.el.label(msg("Code from the text message"), html_for="code", class_name="field-label"),
        rx.el.input(
            id="code",
            name="code",
            type="text",
            input_mode="numeric",
            auto_complete="one-time-code",
            max_length=6,
            required=True,
            class_name="text-input",
        ),
        rx.el.div(
            rx.el.button(msg("Log in"), type="submit", class_name="button primary"),
            rx.el.button(
                msg("Use another number"), type="button", class_name="button", on_click=LoginState.start_over
            ),
            class_name="button-row",
        ),
        on_submit=LoginState.verify_code,
        reset_on_submit=True,
        class_name="stack",
    )


def _provincial_login() -> rx.Component:
    return rx.el.div(
        rx.el.p(msg("Have a Henan government services account? Your real name is confirmed at once.")),
        link(
            msg("Log in with Henan unified identity"),
            href="/auth/oidc/start",
            reload_document=True,  # a server route that redirects off-site, not a client-side page
            class_name="button",
            id="oidc-login",
        ),
        class_name="stack panel",
    )


@citizen_page("/login", title="登录 · Log in", on_load=LoginState.load_login)
def login_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Log in")),
        rx.el.p(msg("Use your mobile phone number. No password needed.")),
        _error_box(),
        rx.cond(LoginState.code_sent, _code_form(), _phone_form()),
        _provincial_login(),
        class_name="narrow",
    )
