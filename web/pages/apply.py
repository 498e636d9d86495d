"""Apply online: one form for an item or a whole life-event bundle, saved as a draft at every
step, then a check-your-answers page, a declaration, and the receipt."""

from __future__ import annotations

import asyncio

import reflex as rx

from core.applications.drafts import DraftInvalid, DraftNotFound, DraftView
from core.applications.filling import editable_answers, open_draft, prefilled_ids
from core.applications.forms import validate_answers
from core.applications.submission import SubmissionError
from core.services import citizens, drafts, guide_service, submissions
from shared_ui.components.alerts import coded_alert
from shared_ui.components.apply_blocks import APPLY_ERRORS, answers_check, answers_form
from shared_ui.components.layout import loading_or
from shared_ui.form_views import FieldView, field_views
from shared_ui.handlers import off_loop
from shared_ui.i18n import N_, bilingual, msg
from shared_ui.session import current_session, route_arg
from web.pages.apply_commitment import CommitmentState, commitment_step
from web.pages.apply_materials import MaterialsState, materials_step
from web.registry import citizen_page


class ApplyState(rx.State):
    title: str = ""
    title_en: str = ""
    fields: list[FieldView] = []
    stage: str = "form"  # form | check
    declared: bool = False
    error: str = ""
    loaded: bool = False
    missing: bool = False
    _draft_id: str = ""

    def _citizen(self) -> str | None:
        active = current_session(self)
        return active.subject_id if active else None

    def _show(self, owner: str, draft: DraftView, errors: dict[str, str] | None = None) -> None:
        form = drafts().form(draft)
        prefilled = prefilled_ids(form, citizens().prefill(owner))
        self.fields = field_views(form, draft.answers, prefilled, errors or {})

    @rx.event
    async def load_apply(self):
        owner = await asyncio.to_thread(self._citizen)
        if owner is None:
            return rx.redirect("/login")
        if not await asyncio.to_thread(self._open, owner):
            return None
        materials = await self.get_state(MaterialsState)
        commitment = await self.get_state(CommitmentState)
        await asyncio.to_thread(materials.show, owner, self._draft_id)
        await asyncio.to_thread(commitment.show, owner, self._draft_id)
        return None

    def _open(self, owner: str) -> bool:
        """Open (or resume) the draft for the page's item or bundle; False when there is none."""
        code = route_arg(self, "code")
        scenario = str(self.router.url.query_parameters.get("scenario", ""))
        self.stage, self.error, self.declared = "form", "", False
        try:
            draft = open_draft(drafts(), citizens().prefill(owner), owner, code, scenario)
        except (DraftNotFound, KeyError):
            self.loaded, self.missing = False, True
            return False
        self._draft_id = draft.id
        self._name_target(draft)
        self._show(owner, draft)
        self.loaded, self.missing = True, False
        return True

    def _name_target(self, draft: DraftView) -> None:
        catalogue = guide_service().catalogue
        target = catalogue.find_bundle(draft.target_code) or catalogue.item(draft.target_code)
        self.title, self.title_en = target.plain_name, target.plain_name_en

    @rx.event
    @off_loop
    def save_answers(self, form_data: dict):
        owner = self._citizen()
        if owner is None:
            return rx.redirect("/login")
        form = drafts().form(drafts().get(owner, self._draft_id))
        answers = editable_answers(form_data, prefilled_ids(form, citizens().prefill(owner)))
        try:
            draft = drafts().save_step(owner, self._draft_id, answers, step=1)
        except DraftInvalid as invalid:
            self._show(owner, drafts().get(owner, self._draft_id), invalid.errors)
            self.error = "fix_errors"
            return None
        except DraftNotFound:
            self.missing = True
            return None
        _, missing = validate_answers(drafts().form(draft), draft.answers)
        self._show(owner, draft, missing)
        self.error, self.stage = ("fix_errors", "form") if missing else ("", "check")
        return None

    @rx.event
    def change_answers(self):
        self.stage = "form"

    @rx.event
    def toggle_declared(self):
        self.declared = not self.declared

    @rx.event
    @off_loop
    def submit(self):
        owner = self._citizen()
        if owner is None:
            return rx.redirect("/login")
        if not self.declared:
            self.error = "declaration"
            return None
        try:
            # The draft id is the idempotency key: a double click or a resend after a lost
            # connection returns the same receipt.
            receipt = submissions().submit(owner, self._draft_id, self._draft_id, channel="pc")
        except SubmissionError as refused:
            if refused.code == "commitment_required":
                self.error = "commitment"
                return None
            self._show(owner, drafts().get(owner, self._draft_id), refused.errors)
            self.error, self.stage = "fix_errors", "form"
            return None
        return rx.redirect(f"/application/{receipt.application_id}")


def _check_answers() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Check your answers")),
        answers_check(
            ApplyState.fields,
            ApplyState.change_answers,
            ApplyState.declared,
            ApplyState.toggle_declared,
            ApplyState.submit,
            ("declaration", "submit-application"),
        ),
        class_name="stack",
    )


_ERRORS = {**APPLY_ERRORS, "commitment": N_("Sign the commitment above before you submit.")}


@citizen_page("/apply/[code]", title="在线办理 · Apply online", on_load=ApplyState.load_apply)
def apply_page() -> rx.Component:
    return loading_or(
        ApplyState.loaded,
        ApplyState.missing,
        rx.el.h1(bilingual(ApplyState.title, ApplyState.title_en)),
        coded_alert(ApplyState.error, _ERRORS),
        materials_step(),
        commitment_step(),
        rx.cond(
            ApplyState.stage == "check",
            _check_answers(),
            answers_form(ApplyState.fields, ApplyState.save_answers),
        ),
    )
