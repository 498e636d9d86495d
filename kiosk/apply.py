"""Applying at the kiosk: the item's form prefilled from the verified identity, the e-licences
fetched with the person's consent, a check of the answers with the declaration, and the
receipt with its status code. Every handler asks who is signed in on this paired kiosk."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import reflex as rx

from core.applications.drafts import DraftInvalid, DraftNotFound, DraftView
from core.applications.filling import editable_answers, open_draft, prefilled_ids
from core.applications.forms import Form, validate_answers
from core.applications.materials import checklist
from core.applications.submission import SubmissionError
from core.clock import BEIJING
from core.guide.models import Channel
from core.guide.scan_codes import qr_svg
from core.identity.citizens import mask_phone
from core.identity.codes import issue_receipt_code
from core.identity.kiosk_login import mask_name
from core.printing.printer import PrintFailed
from core.services import (
    audit_log,
    citizens,
    drafts,
    fetch_draft_licences,
    guide_service,
    print_owner_receipt,
    submissions,
)
from kiosk.enrol import KioskEnrolState
from kiosk.state import KioskState
from shared_ui.form_views import FieldView, field_views

CHANNEL = "kiosk"


@dataclass
class MaterialLineView:
    name: str = ""
    name_en: str = ""
    obtain: str = ""
    fetched: str = ""


_MASKS = {"citizen.name": mask_name, "citizen.phone": mask_phone}


def _masked_for_the_hall(form: Form, views: list[FieldView]) -> list[FieldView]:
    """A kiosk stands in a public hall: the name and phone known from the verified identity are
    shown masked, like the ID number (what the person types stays visible to them)."""
    sources = {f.id: f.prefill for f in form.fields}
    for view in views:
        mask = _MASKS.get(sources.get(view.id) or "")
        if view.prefilled and mask is not None:
            view.value = mask(view.value)
    return views


def print_paper_receipt(owner: str, application_id: str) -> str:
    """Render and print the owner's receipt (seconds of work): "printed" or "print_failed".
    The sheet shows the ID number masked; another person's application is never printed."""
    try:
        print_owner_receipt(owner, application_id, CHANNEL)
    except (PrintFailed, DraftNotFound):
        return "print_failed"
    return "printed"


class KioskApplyState(rx.State):
    title: str = ""
    title_en: str = ""
    fields: list[FieldView] = []
    lines: list[MaterialLineView] = []
    has_elicences: bool = False
    consent: bool = False
    fetching: bool = False
    declared: bool = False
    error: str = ""
    receipt_no: str = ""
    receipt_qr: str = ""
    submitted_at: str = ""
    printing: str = ""  # "" | printing | printed | print_failed
    _draft_id: str = ""
    _application_id: str = ""

    async def _caller(self) -> tuple[KioskState, str | None]:
        kiosk = await self.get_state(KioskState)
        return kiosk, kiosk._citizen_id()

    async def _known(self, owner: str) -> dict[str, str]:
        """What the verified identity answers, and the mobile number typed here by a person
        whose account was just opened with their ID card (their account has no phone)."""
        known = citizens().prefill(owner)
        contact = (await self.get_state(KioskEnrolState))._contact_phone_of(owner)
        return known if "citizen.phone" in known or not contact else known | {"citizen.phone": contact}

    def _show_draft(
        self, known: dict[str, str], draft: DraftView, errors: dict[str, str] | None = None
    ) -> None:
        catalogue = guide_service().catalogue
        target = catalogue.find_bundle(draft.target_code) or catalogue.item(draft.target_code)
        form = drafts().form(draft)
        self._draft_id = draft.id
        self.title, self.title_en = target.plain_name, target.plain_name_en
        views = field_views(form, draft.answers, prefilled_ids(form, known), errors or {})
        self.fields = _masked_for_the_hall(form, views)
        lines = checklist(catalogue, draft)
        self.lines = [
            MaterialLineView(
                line.material.name, line.material.name_en, line.material.obtain.value, line.fetched
            )
            for line in lines
        ]
        self.has_elicences = any(line.material.obtain.value == "A" for line in lines)

    async def _applicant(self) -> tuple[KioskState, str] | None:
        """The paired kiosk and the person signed in on it; None (and the notice why) otherwise."""
        kiosk, owner = await self._caller()
        if kiosk._kiosk() is None:
            return None
        if owner is None:
            kiosk.notice = "sign_in_to_apply"
            return None
        return kiosk, owner

    @rx.event
    async def open_form(self):
        """From the guide on screen: this item, the scenario chosen there."""
        if (applicant := await self._applicant()) is None:
            return
        kiosk, owner = applicant
        item = guide_service().item(kiosk.guide.code)
        # From the catalogue, not from the guide on screen: a client can set its own vars.
        if item is None or Channel.KIOSK not in item.channels:
            kiosk.notice = "not_at_kiosk"
            return
        await self._open(kiosk, owner, item.code, kiosk.scenario_id)

    @rx.event
    async def open_bundle_form(self):
        """From a bundle's list: one form for the whole life event (一件事一次办), as on the web."""
        if (applicant := await self._applicant()) is None:
            return
        kiosk, owner = applicant
        bundle = guide_service().catalogue.find_bundle(kiosk.bundle_code)
        if bundle is None:
            kiosk.notice = "unknown_code"
            return
        await self._open(kiosk, owner, bundle.code, "")

    async def _open(self, kiosk: KioskState, owner: str, code: str, scenario: str) -> None:
        known = await self._known(owner)
        try:
            draft = open_draft(drafts(), known, owner, code, scenario, CHANNEL)
        except (DraftNotFound, KeyError):
            kiosk.notice = "unknown_code"
            return
        self.consent = self.declared = False
        self.error = ""
        self._show_draft(known, draft)
        kiosk.screen, kiosk.notice = "apply", ""

    @rx.event
    async def save_answers(self, form_data: dict):
        kiosk, owner = await self._caller()
        if owner is None or not self._draft_id:
            kiosk.notice = "sign_in_to_apply" if kiosk.paired else ""
            return
        try:
            known = await self._known(owner)
            form = drafts().form(drafts().get(owner, self._draft_id))
            answers = editable_answers(form_data, prefilled_ids(form, known))
            draft = drafts().save_step(owner, self._draft_id, answers, step=1)
        except DraftInvalid as invalid:
            self._show_draft(known, drafts().get(owner, self._draft_id), invalid.errors)
            self.error = "fix_errors"
            return
        except DraftNotFound:
            kiosk.screen, kiosk.notice = "start", "unknown_code"
            return
        _, missing = validate_answers(drafts().form(draft), draft.answers)
        self._show_draft(known, draft, missing)
        self.error = "fix_errors" if missing else ""
        kiosk.screen = "apply" if missing else "check"

    @rx.event
    async def change_answers(self):
        kiosk, owner = await self._caller()
        if owner is not None and self._draft_id:
            kiosk.screen = "apply"

    @rx.event
    async def toggle_declared(self):
        _, owner = await self._caller()
        if owner is not None:
            self.declared = not self.declared

    @rx.event
    async def toggle_consent(self):
        _, owner = await self._caller()
        if owner is not None:
            self.consent = not self.consent

    @rx.event(background=True)
    async def fetch_licences(self):
        """The e-licence library is a department system: called outside the state lock."""
        async with self:
            _, owner = await self._caller()
            if owner is None or not self.consent or not self._draft_id or self.fetching:
                return
            self.fetching, draft_id = True, self._draft_id
        await asyncio.to_thread(fetch_draft_licences, owner, draft_id, CHANNEL)
        async with self:
            self.fetching = False
            if self._draft_id == draft_id:  # the person may have left meanwhile
                self._show_draft(await self._known(owner), drafts().get(owner, draft_id))

    @rx.event
    async def submit(self):
        kiosk, owner = await self._caller()
        if owner is None or not self._draft_id:
            kiosk.notice = "sign_in_to_apply" if kiosk.paired else ""
            return
        if not self.declared:
            self.error = "declaration"
            return
        try:
            # The draft id is the idempotency key: a double tap returns the same receipt.
            receipt = submissions().submit(owner, self._draft_id, self._draft_id, channel=CHANNEL)
        except SubmissionError as refused:
            self._show_draft(await self._known(owner), drafts().get(owner, self._draft_id), refused.errors)
            self.error, kiosk.screen = "fix_errors", "apply"
            return
        code = issue_receipt_code(receipt.receipt_no, audit=audit_log(), channel=CHANNEL)
        self._application_id, self.printing = receipt.application_id, ""
        self.receipt_no = receipt.receipt_no
        self.receipt_qr = qr_svg(code.payload, "办件进度码 status code")
        self.submitted_at = (
            datetime.fromisoformat(receipt.submitted_at).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
        )
        self.error, kiosk.screen, kiosk.notice = "", "receipt", ""

    @rx.event(background=True)
    async def print_receipt(self):
        """The receipt PDF on the kiosk's printer, rendered outside the state lock; only for
        the person signed in on this paired kiosk, and only their own application."""
        async with self:
            _, owner = await self._caller()
            if owner is None or not self._application_id or self.printing == "printing":
                return
            self.printing, application_id = "printing", self._application_id
        outcome = await asyncio.to_thread(print_paper_receipt, owner, application_id)
        async with self:
            if self._application_id == application_id:  # the person may have left meanwhile
                self.printing = outcome
