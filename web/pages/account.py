"""My account: who I am (masked), binding my real name, and logging out.

Every handler resolves the caller's session from the HttpOnly cookie itself; the page
guard only decides what to draw.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from core.clock import BEIJING
from core.guide.scan_codes import qr_svg
from core.identity.citizens import RealNameError
from core.identity.codes import issue_eid_code
from core.services import audit_log, citizens, data_use_log, guide_service, session_store
from shared_ui.components.auth_messages import login_alert
from shared_ui.components.qr_image import qr_figure
from shared_ui.components.session_timer import session_timer
from shared_ui.i18n import N_, msg
from shared_ui.session import current_session, session_token
from web.registry import citizen_page


@dataclass
class DataUseRow:
    at: str = ""
    licence_type: str = ""
    purpose: str = ""
    requester: str = ""
    outcome: str = ""


def _data_use_row(entry) -> DataUseRow:
    item = guide_service().catalogue.find_item(entry.purpose)
    return DataUseRow(
        at=entry.at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"),
        licence_type=entry.licence_type,
        purpose=item.plain_name if item else entry.purpose,
        requester=entry.requester,
        outcome=entry.outcome,
    )


class AccountState(rx.State):
    logged_in: bool = False
    masked_phone: str = ""
    name: str = ""
    masked_id_number: str = ""
    verified: bool = False
    binding: bool = False
    error: str = ""
    expires_at_ms: int = 0
    eid_svg: str = ""
    eid_expires: str = ""
    data_uses: list[DataUseRow] = []

    def _refresh(self) -> bool:
        active = current_session(self)
        profile = citizens().profile(active.subject_id) if active else None
        self.logged_in = profile is not None
        if profile is None:
            self.masked_phone = self.name = self.masked_id_number = ""
            self.verified, self.expires_at_ms = False, 0
            return False
        self.masked_phone, self.name = profile.masked_phone, profile.name
        self.masked_id_number, self.verified = profile.masked_id_number, profile.is_real_name_verified
        self.expires_at_ms = int(active.expires_at.timestamp() * 1000)
        self.data_uses = [_data_use_row(e) for e in data_use_log().for_citizen(active.subject_id, limit=20)]
        return True

    @rx.event
    def load_account(self):
        self.error = ""
        if not self._refresh():
            return rx.redirect("/login")
        return None

    @rx.event
    def extend_session(self):
        if not self._refresh():
            return rx.redirect("/login")
        return None

    @rx.event(background=True)
    async def bind_real_name(self, form_data: dict):
        async with self:
            active = current_session(self)
            if active is None:
                self.logged_in = False
                return rx.redirect("/login")
            self.binding, self.error = True, ""
        name, number = str(form_data.get("name", ""))[:40], str(form_data.get("id_number", ""))[:40]
        try:
            # The population register is a department system: call it outside the state lock.
            await asyncio.to_thread(citizens().bind_real_name, active.subject_id, name, number, "pc")
            error = ""
        except RealNameError as refused:
            error = refused.code
        async with self:
            self.binding, self.error = False, error
            self._refresh()
        return None

    @rx.event
    def show_eid_code(self):
        """A 60-second, single-use code a kiosk or bank terminal scans instead of typing."""
        active = current_session(self)
        if active is None:
            self.logged_in = False
            return rx.redirect("/login")
        code = issue_eid_code(active.subject_id, audit=audit_log(), channel="pc")
        self.eid_svg = qr_svg(code.payload, "电子身份码 e-ID code")
        self.eid_expires = code.expires_at.astimezone(BEIJING).strftime("%H:%M:%S")
        return None

    @rx.event
    def logout(self):
        session_store().end(session_token(self))
        self.logged_in, self.eid_svg = False, ""
        return rx.call_script("window.location.assign('/auth/logout')")


def _fact(term: rx.Var[str], value: rx.Var | rx.Component) -> rx.Component:
    return rx.el.div(rx.el.dt(term), rx.el.dd(value), class_name="fact")


def _real_name_form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(msg("Confirm your real name")),
        rx.el.p(
            msg(
                "Most services need to know who you are. We check your name and ID number "
                "with the population register once."
            )
        ),
        rx.el.label(msg("Name"), html_for="real-name", class_name="field-label"),
        rx.el.input(
            id="real-name",
            name="name",
            auto_complete="name",
            max_length=30,
            required=True,
            class_name="text-input",
        ),
        rx.el.label(msg("ID card number"), html_for="id-number", class_name="field-label"),
        rx.el.input(
            id="id-number",
            name="id_number",
            auto_complete="off",
            max_length=40,
            required=True,
            class_name="text-input",
            spell_check=False,
        ),
        rx.el.button(
            rx.cond(AccountState.binding, msg("Checking…"), msg("Confirm")),
            type="submit",
            class_name="button primary",
            disabled=AccountState.binding,
        ),
        on_submit=AccountState.bind_real_name,
        class_name="stack panel",
    )


def _eid_code() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("My e-ID code")),
        rx.el.p(msg("Show it to a kiosk or bank terminal camera instead of typing your ID number.")),
        rx.cond(
            AccountState.eid_svg != "",
            qr_figure(
                AccountState.eid_svg,
                msg("My e-ID code"),
                msg("Valid once, until"),
                " ",
                AccountState.eid_expires,
                class_name="qr-figure eid",
                element_id="eid-code",
            ),
            "",
        ),
        rx.el.button(msg("Show my e-ID code"), on_click=AccountState.show_eid_code, class_name="button"),
        class_name="panel",
    )


def _data_use_item(row: rx.Var[DataUseRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.at),
        rx.el.td(row.licence_type, lang="zh-CN"),
        rx.el.td(row.purpose, lang="zh-CN"),
        rx.el.td(row.requester),
        rx.el.td(row.outcome),
    )


def _who_used_my_data() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Who used my data"), id="data-use"),
        rx.cond(
            AccountState.data_uses.length() > 0,
            rx.el.table(
                rx.el.thead(rx.el.tr(*(rx.el.th(msg(h), scope="col") for h in DATA_USE_HEADINGS))),
                rx.el.tbody(rx.foreach(AccountState.data_uses, _data_use_item)),
                class_name="materials",
                id="data-use-log",
            ),
            rx.el.p(msg("No department or channel has fetched your e-licences yet.")),
        ),
        aria_labelledby="data-use",
    )


DATA_USE_HEADINGS = (N_("When"), N_("Licence"), N_("For"), N_("Who asked"), N_("Result"))


def _account_body() -> rx.Component:
    return rx.fragment(
        session_timer(AccountState.expires_at_ms, AccountState.extend_session),
        rx.el.dl(
            _fact(msg("Mobile phone"), AccountState.masked_phone),
            _fact(
                msg("Real name"), rx.cond(AccountState.verified, AccountState.name, msg("Not confirmed yet"))
            ),
            _fact(msg("ID card number"), rx.cond(AccountState.verified, AccountState.masked_id_number, "—")),
            class_name="facts",
            id="profile",
        ),
        login_alert(AccountState.error),
        rx.cond(AccountState.verified, _eid_code(), _real_name_form()),
        _who_used_my_data(),
        rx.el.button(msg("Log out"), on_click=AccountState.logout, class_name="button", id="logout"),
    )


@citizen_page("/account", title="我的账户 · My account", on_load=AccountState.load_account)
def account_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("My account")),
        rx.cond(AccountState.logged_in, _account_body(), rx.el.p(msg("Loading…"), class_name="muted")),
        class_name="narrow",
    )
