"""The teller's desk: one customer at a time, identified by card or e-ID code, consenting on
their phone, their application filled and submitted; when they leave, nothing of them stays.

Customer identifiers live only in backend vars (`_customer_token`, `_consent_id`, `_draft_id`);
the browser sees masked values. Every handler resolves the teller and terminal first."""

from __future__ import annotations

import asyncio
import contextlib
import secrets

import reflex as rx

from bank_terminal.access import LOGIN_ROUTE, desk_of
from bank_terminal.offers import (
    LifeEventRow,
    OfferRow,
    life_event_offers,
    life_event_rows,
    most_asked_rows,
    offer,
    search_rows,
)
from core.bank.applications import BankDraft
from core.bank.audit import Desk
from core.bank.errors import BankRuleError
from core.guide.scan_codes import qr_svg
from core.identity.codes import issue_receipt_code
from core.printing.printer import Printer
from core.services import bank, drafts, terminal_events
from shared_ui.form_views import FieldView, field_views

POLL_S = 1.0
CONSENT_WAIT_S = 600


class BankDeskState(rx.State):
    teller_name: str = ""
    branch: str = ""
    stage: str = "waiting"  # waiting, customer, consent, form, receipt
    customer_name: str = ""
    customer_number: str = ""
    offers: list[OfferRow] = []
    life_events: list[LifeEventRow] = []
    life_event: str = ""
    query: str = ""
    chosen_code: str = ""
    chosen_name: str = ""
    chosen_fee: str = ""
    chosen_materials: list[str] = []
    consent_qr: str = ""
    consent_status: str = ""
    fields: list[FieldView] = []
    receipt_no: str = ""
    receipt_qr: str = ""
    printing: str = ""  # "" | printing | printed | printer_unavailable
    error: str = ""
    watching: bool = False
    _customer_token: str = ""
    _consent_id: str = ""
    _draft_id: str = ""
    _application_id: str = ""

    def _desk(self, touch: bool = True) -> Desk | None:
        """The teller at this terminal; background loops pass touch=False so that polling never
        keeps an idle teller's session alive (the bank_teller idle limit still logs them out)."""
        return desk_of(self, touch=touch)

    def _citizen(self, desk: Desk) -> str | None:
        try:
            return bank().desks.customer(desk, self._customer_token)
        except BankRuleError:
            return None

    @rx.event
    def load_desk(self):
        desk = self._desk()
        if desk is None:
            return rx.redirect(LOGIN_ROUTE)
        self.teller_name, self.branch = desk.teller_name, desk.branch
        self.offers, self.life_events = most_asked_rows(), life_event_rows()
        return BankDeskState.watch_devices

    @rx.event(background=True)
    async def watch_devices(self):
        """While no customer is served, take the ID card reader's and scanner's reads."""
        async with self:
            if self.watching:
                return
            self.watching = True
        while True:
            async with self:
                desk = self._desk(touch=False)
                if desk is None:
                    self.watching = False
                    return
                if self.stage == "waiting":
                    for event in terminal_events().take(desk.terminal.id):
                        self._identify(desk, event.kind, event.payload)
            await asyncio.sleep(POLL_S)

    def _identify(self, desk: Desk, kind: str, payload: dict) -> None:
        if self.stage != "waiting" or self._customer_token:  # one customer at a time, whatever `stage` says
            return
        try:
            if kind == "id_card":
                customer = bank().customers.by_id_card(desk, payload)
            else:
                customer = bank().customers.by_eid_code(desk, str(payload.get("text", "")))
        except BankRuleError as refused:
            self.error = refused.code
            return
        self._customer_token = customer.token
        self.customer_name, self.customer_number = customer.masked_name, customer.masked_id_number
        self.stage, self.error = "customer", ""

    @rx.event
    def search(self, form_data: dict):
        if self._desk() is None:
            return rx.redirect(LOGIN_ROUTE)
        self.query = str(form_data.get("q", "")).strip()[:100]
        self.life_event = ""
        self.offers = search_rows(self.query) if self.query else most_asked_rows()
        return None

    @rx.event
    def show_life_event(self, event_id: str):
        if self._desk() is None:
            return rx.redirect(LOGIN_ROUTE)
        self.life_event, self.query = event_id[:64], ""
        self.offers = life_event_offers(self.life_event) if self.life_event else most_asked_rows()
        return None

    @rx.event
    def choose(self, code: str):
        """Pick an item for the identified customer and ask their consent on their phone."""
        desk = self._desk()
        if desk is None:
            return rx.redirect(LOGIN_ROUTE)
        citizen = self._citizen(desk)
        item = offer(code[:16])
        if citizen is None or item is None or self.stage not in ("customer", "consent", "receipt"):
            self.error = "customer_required" if citizen is None else "not_for_bank"
            return None
        consent = bank().consents.ask(desk, citizen, [item.code])
        self._consent_id = consent.id
        self.chosen_code, self.chosen_name, self.chosen_fee = item.code, item.name, item.fee
        self.chosen_materials = list(item.materials)
        self.consent_qr = qr_svg(consent.code, "consent")
        self.consent_status, self.stage, self.error = consent.status, "consent", ""
        return BankDeskState.wait_for_consent

    @rx.event(background=True)
    async def wait_for_consent(self):
        """Poll core until the customer answers on their phone; only a yes opens the form."""
        for _ in range(int(CONSENT_WAIT_S / POLL_S)):
            async with self:
                desk = self._desk(touch=False)
                if desk is None or self.stage != "consent" or not self._consent_id:
                    return
                try:
                    status = bank().consents.for_desk(desk, self._consent_id).status
                except BankRuleError:
                    return
                self.consent_status = status
                if status == "confirmed":
                    self._open_form(desk)
                    return
                if status != "pending":
                    return
            await asyncio.sleep(POLL_S)

    def _open_form(self, desk: Desk) -> None:
        citizen = self._citizen(desk)
        if citizen is None:
            return
        try:
            started = bank().applications.start(desk, citizen, self.chosen_code)
        except BankRuleError as refused:
            self.error = refused.code
            return
        self._draft_id = started.id
        self._show_form(citizen, started, {})
        self.stage = "form"

    def _show_form(self, citizen: str, shown: BankDraft, errors: dict[str, str]) -> None:
        """Render through the shared form views; ID numbers are masked there."""
        draft = drafts().get(citizen, shown.id)
        prefilled = {f["id"] for f in shown.fields if f["prefilled"]}
        self.fields = field_views(drafts().form(draft), draft.answers, prefilled, errors)

    @rx.event
    def submit_application(self, form_data: dict):
        desk = self._desk()
        if desk is None:
            return rx.redirect(LOGIN_ROUTE)
        citizen = self._citizen(desk)
        if citizen is None or self.stage != "form" or not self._draft_id:
            self.error = "customer_required"
            return None
        answers = {str(k)[:64]: str(v)[:500] for k, v in form_data.items() if str(v).strip()}
        try:
            bank().applications.fill(desk, citizen, self._draft_id, answers)
            receipt = bank().applications.submit(desk, citizen, self._draft_id, secrets.token_urlsafe(16))
        except BankRuleError as refused:
            self.error = refused.code
            self._show_form(citizen, bank().applications.draft(desk, citizen, self._draft_id), refused.fields)
            return None
        code = issue_receipt_code(receipt.receipt_no, channel="bank")
        self.receipt_no, self.receipt_qr = receipt.receipt_no, qr_svg(code.payload, receipt.receipt_no)
        self._application_id, self.printing = receipt.application_id, ""
        self.stage, self.error = "receipt", ""
        return None

    @rx.event(background=True)
    async def print_receipt(self):
        """The receipt PDF on the branch printer (rendering takes seconds: outside the state
        lock); only for this terminal's teller, the customer at the desk and their application."""
        async with self:
            desk = self._desk()
            citizen = self._citizen(desk) if desk is not None else None
            if citizen is None or self.stage != "receipt" or not self._application_id:
                return
            if self.printing == "printing":
                return
            self.printing, application_id = "printing", self._application_id
        try:
            await asyncio.to_thread(
                bank().applications.print_receipt, desk, citizen, application_id, Printer.from_settings()
            )
            outcome = "printed"
        except BankRuleError as refused:
            outcome = refused.code
        async with self:
            if self._application_id == application_id:  # the customer may have left meanwhile
                self.printing = outcome

    @rx.event
    def customer_leaves(self):
        """End the customer's session and consents and forget everything about them; the teller stays."""
        desk = self._desk()
        if desk is None:
            return rx.redirect(LOGIN_ROUTE)
        if self._customer_token:
            # If the customer session had already ended there is still everything to wipe.
            with contextlib.suppress(BankRuleError):
                bank().customers.leaves(desk, self._customer_token, bank().consents.end_visit)
        terminal_events().discard(desk.terminal.id)
        self._wipe()
        return None

    def _wipe(self) -> None:
        self._customer_token = self._consent_id = self._draft_id = self._application_id = ""
        self.customer_name = self.customer_number = self.query = self.life_event = ""
        self.chosen_code = self.chosen_name = self.chosen_fee = ""
        self.chosen_materials, self.fields = [], []
        self.consent_qr = self.consent_status = self.receipt_no = self.receipt_qr = self.error = ""
        self.printing = ""
        self.offers, self.stage = most_asked_rows(), "waiting"
