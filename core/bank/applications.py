"""Applications taken at a branch on the customer's behalf, through the one applications
layer: only bank items, only the item's own questions, only with the customer's consent;
afterwards only the branch that took an application may read it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.applications.commitments import CommitmentRefused, Commitments
from core.applications.drafts import DraftInvalid, DraftNotFound, Drafts, DraftView
from core.applications.forms import Form
from core.applications.records import ApplicationEvent, ApplicationRecord
from core.applications.submission import Receipt, SubmissionError, Submissions
from core.audit import AuditLog
from core.bank.audit import Desk, record_act
from core.bank.channel import bank_item, only_the_items_own_questions
from core.bank.commitments import carry_to_draft
from core.bank.consent import Consents
from core.bank.errors import BankRuleError
from core.bank.records import BankApplicationRecord
from core.clock import Clock, system_clock
from core.guide.catalogue import Catalogue
from core.identity.id_numbers import mask_id_number
from core.printing.printer import Printer, PrintFailed, PrintJob
from core.printing.receipts import print_receipt


@dataclass(frozen=True)
class BankDraft:
    id: str
    item_code: str
    scenario_id: str
    fields: tuple[dict, ...]  # id, label, label_en, type, required, value (ID numbers masked), prefilled
    missing: tuple[str, ...]


@dataclass(frozen=True)
class BankApplication:
    application_id: str
    receipt_no: str
    item_code: str
    submitted_at: str
    teller: str
    statuses: tuple[tuple[str, str, str], ...]  # (at, department, status)


def _shown(form: Form, draft: DraftView, prefilled: set[str]) -> BankDraft:
    fields = []
    for spec in form.fields:
        value = str(draft.answers.get(spec.id, ""))
        if spec.type == "id_number" and value:
            value = mask_id_number(value)
        fields.append(
            {
                "id": spec.id,
                "label": spec.label,
                "label_en": spec.label_en,
                "type": spec.type,
                "required": spec.required,
                "value": value,
                "prefilled": spec.id in prefilled,
            }
        )
    missing = tuple(
        f.id for f in form.fields if f.required and str(draft.answers.get(f.id, "")).strip() == ""
    )
    return BankDraft(draft.id, draft.target_code, draft.scenario_id, tuple(fields), missing)


class BankApplications:
    def __init__(
        self,
        engine: Engine,
        catalogue: Catalogue,
        consents: Consents,
        audit: AuditLog,
        prefill: Callable[[str], dict[str, str]],
        clock: Clock = system_clock,
    ) -> None:
        self._engine, self._catalogue, self._consents, self._audit = engine, catalogue, consents, audit
        self._prefill, self._clock = prefill, clock
        self._drafts = Drafts(engine, catalogue, clock)
        self._submissions = Submissions(engine, catalogue, clock)
        self._commitments = Commitments(engine, catalogue, clock)

    def start(self, desk: Desk, citizen_id: str, item_code: str, scenario_id: str = "") -> BankDraft:
        """The customer's draft of the scenario they consented to (and signed its 告知承诺 for)."""
        item = bank_item(self._catalogue, item_code)
        consent = self._consents.require(desk, citizen_id, item.code)
        consented = next(i.scenario_id for i in consent.consent_items if i.code == item.code)
        if scenario_id and scenario_id != consented:
            raise BankRuleError("consent_required", "the customer consented to another case of this service")
        draft = self._drafts.start(citizen_id, item.code, consented, channel="bank")
        try:
            signed = carry_to_draft(self._commitments, self._engine, consent.id, citizen_id, draft)
        except CommitmentRefused as refused:
            raise BankRuleError(
                "commitment_unsigned", f"the commitment could not be carried: {refused.code}"
            ) from None
        known = self._prefill(citizen_id)
        form = self._drafts.form(draft)
        answers = {f.id: known[f.prefill] for f in form.fields if f.prefill and known.get(f.prefill)}
        if answers:
            draft = self._drafts.save_step(citizen_id, draft.id, answers, step=0)
        record_act(
            self._audit,
            desk,
            "draft.start",
            "ok",
            purpose="apply",
            citizen_id=citizen_id,
            item=item.code,
            draft=draft.id,
            commitments=",".join(signature.item_code for signature in signed),
        )
        return _shown(form, draft, set(answers))

    def fill(self, desk: Desk, citizen_id: str, draft_id: str, answers: dict) -> BankDraft:
        draft = self._draft(citizen_id, draft_id)
        item = bank_item(self._catalogue, draft.target_code)
        self._consents.require(desk, citizen_id, item.code)
        only_the_items_own_questions(item, draft.scenario_id, answers)
        locked = self._prefilled(citizen_id, draft)
        changes = {k: v for k, v in answers.items() if k not in locked}
        try:
            draft = self._drafts.save_step(citizen_id, draft.id, changes, step=1)
        except DraftInvalid as invalid:
            raise BankRuleError("invalid_answers", str(invalid), invalid.errors) from None
        record_act(
            self._audit,
            desk,
            "draft.fill",
            "ok",
            purpose="apply",
            citizen_id=citizen_id,
            item=item.code,
            draft=draft.id,
            fields=len(changes),
        )
        return _shown(self._drafts.form(draft), draft, locked)

    def draft(self, desk: Desk, citizen_id: str, draft_id: str) -> BankDraft:
        draft = self._draft(citizen_id, draft_id)
        self._consents.require(desk, citizen_id, draft.target_code)
        record_act(
            self._audit, desk, "draft.read", "ok", purpose="apply", citizen_id=citizen_id, draft=draft.id
        )
        return _shown(self._drafts.form(draft), draft, self._prefilled(citizen_id, draft))

    def submit(self, desk: Desk, citizen_id: str, draft_id: str, idempotency_key: str) -> Receipt:
        """Idempotent through `Submissions`: the same key again (a retry after a lost answer)
        returns the same receipt; while the first is being stored, `in_progress`."""
        draft = self._draft(citizen_id, draft_id, allow_submitted=True)
        item = bank_item(self._catalogue, draft.target_code)
        consent = self._consents.require(desk, citizen_id, item.code)
        try:
            receipt = self._submissions.submit(citizen_id, draft.id, idempotency_key[:64], channel="bank")
        except SubmissionError as refused:
            record_act(
                self._audit,
                desk,
                "application.submit",
                "refused",
                purpose="apply",
                citizen_id=citizen_id,
                item=item.code,
                reason=refused.code,
            )
            code = "in_progress" if refused.code == "in_progress" else "incomplete"
            raise BankRuleError(code, refused.code, refused.errors) from None
        self._remember(desk, receipt, consent.id)
        record_act(
            self._audit,
            desk,
            "application.submit",
            "ok",
            purpose="apply",
            citizen_id=citizen_id,
            item=item.code,
            application=receipt.application_id,
            receipt=receipt.receipt_no,
        )
        return receipt

    def application(self, desk: Desk, application_id: str) -> BankApplication:
        """Only the branch that took the application reads it; any other gets "not found"."""
        with Session(self._engine) as session:
            taken = self._taken(session, desk, application_id, "read", "status")
            events = session.exec(
                select(ApplicationEvent)
                .where(ApplicationEvent.application_id == taken.application_id)
                .order_by(ApplicationEvent.at, ApplicationEvent.id)
            ).all()
            teller = taken.teller
        owner = self._owner(application_id)
        receipt = self._submissions.receipt(owner, application_id)
        record_act(
            self._audit,
            desk,
            "application.read",
            "ok",
            purpose="status",
            citizen_id=owner,
            application=application_id,
        )
        statuses = tuple((e.at.isoformat(), e.department, e.status) for e in events)
        return BankApplication(
            receipt.application_id,
            receipt.receipt_no,
            receipt.target_code,
            receipt.submitted_at,
            teller,
            statuses,
        )

    def print_receipt(self, desk: Desk, citizen_id: str, application_id: str, printer: Printer) -> PrintJob:
        """The receipt on the branch's printer: an application this branch took, for the
        customer at the desk (anyone else's is "not found"); the sheet masks the ID number."""
        with Session(self._engine) as session:
            self._taken(session, desk, application_id, "print", "print")
        if self._owner(application_id) != citizen_id:
            record_act(
                self._audit, desk, "application.print", "refused", purpose="print", reason="other_customer"
            )
            raise BankRuleError("not_found", "no application of this customer has that id")
        try:
            job = print_receipt(
                printer,
                self._engine,
                self._catalogue,
                citizen_id,
                application_id,
                audit=self._audit,
                channel="bank",
            )
        except PrintFailed as failed:
            record_act(self._audit, desk, "application.print", "failed", purpose="print", reason=failed.code)
            raise BankRuleError("printer_unavailable", str(failed)) from None
        record_act(
            self._audit,
            desk,
            "application.print",
            "ok",
            purpose="print",
            citizen_id=citizen_id,
            application=application_id,
        )
        return job

    def _taken(
        self, session: Session, desk: Desk, application_id: str, act: str, purpose: str
    ) -> BankApplicationRecord:
        """This branch's record of the application, or "not found" (audited as `application.<act>`)."""
        taken = session.get(BankApplicationRecord, application_id[:32])
        if taken is None or taken.branch != desk.branch:
            record_act(
                self._audit,
                desk,
                f"application.{act}",
                "refused",
                purpose=purpose,
                application=application_id[:32],
                reason="unknown" if taken is None else "other_branch",
            )
            raise BankRuleError("not_found", "no application of this branch has that id")
        return taken

    def _owner(self, application_id: str) -> str:
        with Session(self._engine) as session:
            return session.get(ApplicationRecord, application_id).owner_id

    def _remember(self, desk: Desk, receipt: Receipt, consent_id: str) -> None:
        """Which branch took the application; a replayed submission finds it already there."""
        with Session(self._engine) as session:
            if session.get(BankApplicationRecord, receipt.application_id) is not None:
                return
            session.add(
                BankApplicationRecord(
                    application_id=receipt.application_id,
                    branch=desk.branch,
                    terminal_id=desk.terminal.id,
                    teller=desk.teller,
                    consent_id=consent_id,
                    submitted_at=self._clock(),
                )
            )
            with contextlib.suppress(IntegrityError):  # a concurrent replay remembered it first
                session.commit()

    def _draft(self, citizen_id: str, draft_id: str, allow_submitted: bool = False) -> DraftView:
        try:
            draft = self._drafts.get(citizen_id, draft_id[:32])
        except DraftNotFound:
            raise BankRuleError("not_found", "no such draft for this customer") from None
        if draft.submitted and not allow_submitted:
            raise BankRuleError("not_found", "this draft has been submitted")
        return draft

    def _prefilled(self, citizen_id: str, draft: DraftView) -> set[str]:
        known = self._prefill(citizen_id)
        return {f.id for f in self._drafts.form(draft).fields if f.prefill and known.get(f.prefill)}
