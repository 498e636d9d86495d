"""Drafts: saved after every step, owned by their citizen, resumable on any channel through a
single-use handoff code. Another citizen asking for a draft gets "not found", never "forbidden"."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.forms import Form, bundle_form, form_for, validate_answers
from core.applications.records import DraftRecord
from core.audit import AuditLog
from core.clock import Clock, system_clock
from core.guide.catalogue import Catalogue
from core.identity.codes import CodeVerifier, IssuedCode, issue_draft_handoff


class DraftNotFound(LookupError):
    """No such draft for this citizen (it may exist for someone else: we do not say)."""


class DraftInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class DraftView:
    id: str
    target_kind: str
    target_code: str
    scenario_id: str
    answers: dict
    step: int
    submitted: bool
    facts: dict


def _view(record: DraftRecord) -> DraftView:
    return DraftView(
        record.id,
        record.target_kind,
        record.target_code,
        record.scenario_id,
        dict(record.answers),
        record.step,
        record.submitted_at is not None,
        dict(record.facts or {}),
    )


class Drafts:
    def __init__(self, engine: Engine, catalogue: Catalogue, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._catalogue = catalogue
        self._clock = clock

    def form(self, draft: DraftView) -> Form:
        if draft.target_kind == "bundle":
            bundle = self._catalogue.bundle(draft.target_code)
            return bundle_form(bundle, self._catalogue.bundle_items(bundle))
        return form_for(self._catalogue.item(draft.target_code), draft.scenario_id or None)

    def start(self, owner_id: str, target_code: str, scenario_id: str = "", channel: str = "pc") -> DraftView:
        kind = "bundle" if self._catalogue.find_bundle(target_code) else "item"
        if kind == "item":
            item = self._catalogue.find_item(target_code)
            if item is None:
                raise DraftNotFound(target_code)
            scenario_id = scenario_id or item.scenarios[0].id
            item.scenario(scenario_id)
        now = self._clock()
        record = DraftRecord(
            id=uuid.uuid4().hex,
            owner_id=owner_id,
            target_kind=kind,
            target_code=target_code,
            scenario_id=scenario_id if kind == "item" else "",
            channel=channel,
            created_at=now,
            updated_at=now,
        )
        with Session(self._engine) as session:
            session.add(record)
            session.commit()
            return _view(record)

    def get(self, owner_id: str, draft_id: str) -> DraftView:
        with Session(self._engine) as session:
            return _view(self._owned(session, owner_id, draft_id))

    def mine(self, owner_id: str) -> list[DraftView]:
        with Session(self._engine) as session:
            rows = session.exec(
                select(DraftRecord)
                .where(DraftRecord.owner_id == owner_id, DraftRecord.submitted_at.is_(None))
                .order_by(DraftRecord.updated_at.desc())
            )
            return [_view(r) for r in rows]

    def save_step(self, owner_id: str, draft_id: str, answers: dict, step: int) -> DraftView:
        """Validate and store what this step answered; nothing else is touched."""
        with Session(self._engine) as session:
            record = self._owned(session, owner_id, draft_id)
            if record.submitted_at is not None:
                raise DraftNotFound(draft_id)
            form = self.form(_view(record))
            # A blank input saves nothing ("come back later"); completeness is checked at submission.
            known = {
                k: v
                for k, v in answers.items()
                if any(f.id == k for f in form.fields) and str(v).strip() != ""
            }
            clean, errors = validate_answers(form, known, only_given=True)
            if errors:
                raise DraftInvalid(errors)
            record.answers = {**record.answers, **clean}
            record.step, record.updated_at = max(record.step, step), self._clock()
            session.add(record)
            session.commit()
            return _view(record)

    def attach_facts(self, owner_id: str, draft_id: str, facts: dict) -> DraftView:
        """Keep what was fetched with the citizen's consent beside the answers."""
        with Session(self._engine) as session:
            record = self._owned(session, owner_id, draft_id)
            record.facts = {**(record.facts or {}), **facts}
            record.updated_at = self._clock()
            session.add(record)
            session.commit()
            return _view(record)

    def handoff_code(
        self, owner_id: str, draft_id: str, audit: AuditLog | None = None, channel: str = "pc"
    ) -> IssuedCode:
        """A 10-minute, single-use QR payload carrying this draft to another channel."""
        draft = self.get(owner_id, draft_id)
        return issue_draft_handoff(draft.id, owner_id, self._clock(), audit=audit, channel=channel)

    def resume_by_code(self, payload: str, caller_id: str, verifier: CodeVerifier, channel: str) -> DraftView:
        """The draft a scanned handoff code carries, for its owner only (CodeError if the code is bad)."""
        verified = verifier.verify(payload, channel)
        if verified.kind != "draft" or verified.owner != caller_id:
            raise DraftNotFound("handoff")
        return self.get(caller_id, verified.subject)

    def _owned(self, session: Session, owner_id: str, draft_id: str) -> DraftRecord:
        record = session.get(DraftRecord, draft_id)
        if record is None or record.owner_id != owner_id:
            raise DraftNotFound(draft_id)
        return record
