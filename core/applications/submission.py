"""Submission: the application, its first timeline events and one outbox entry per department
are stored in ONE transaction; only then does the citizen get a receipt number (受理编号).

Idempotent, across workers: the same key with the same answers returns the first receipt
(another payload is refused); while a request is storing under a key, another request with it is
told "in progress" (`submission_claims`); a draft becomes only one application whatever the key.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.applications.commitments import Commitments, Signature
from core.applications.decisions import Decision, evaluate
from core.applications.delivery.outbox import enqueue
from core.applications.drafts import DraftNotFound, Drafts, DraftView
from core.applications.forms import validate_answers
from core.applications.records import ApplicationEvent, ApplicationRecord, DraftRecord
from core.applications.submission_claims import release_claim, take_claim
from core.applications.submission_payload import (
    by_department,
    decision_json,
    department_payload,
    event_status,
)
from core.clock import BEIJING, Clock, system_clock
from core.guide.catalogue import Catalogue
from core.guide.models import Item


class SubmissionError(Exception):
    """`code`: incomplete (see `errors`), commitment_required (`errors`: item code -> "not_signed"),
    idempotency_conflict, in_progress (the same key is being submitted right now by another request)."""

    def __init__(self, code: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.errors = errors or {}


@dataclass(frozen=True)
class Receipt:
    application_id: str
    receipt_no: str
    target_kind: str
    target_code: str
    submitted_at: str
    decisions: dict  # item code -> {"outcome", "results": [...]}
    # True when an earlier request with the same key (or for the same draft) stored it.
    replayed: bool = field(default=False, compare=False)


def _receipt(record: ApplicationRecord, replayed: bool = False) -> Receipt:
    return Receipt(
        record.id,
        record.receipt_no,
        record.target_kind,
        record.target_code,
        record.submitted_at.isoformat(),
        dict(record.decision),
        replayed,
    )


def payload_hash(draft: DraftView) -> str:
    canonical = json.dumps([draft.id, draft.answers], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Submissions:
    def __init__(
        self,
        engine: Engine,
        catalogue: Catalogue,
        clock: Clock = system_clock,
        decide: Callable[..., Decision] = evaluate,
        commitments: Commitments | None = None,
    ) -> None:
        self._engine = engine
        self._catalogue = catalogue
        self._drafts = Drafts(engine, catalogue, clock)
        self._clock = clock
        self._decide = decide
        self._commitments = commitments or Commitments(engine, catalogue, clock)

    def submit(
        self,
        owner_id: str,
        draft_id: str,
        idempotency_key: str,
        facts: dict | None = None,
        channel: str = "pc",
    ) -> Receipt:
        """The draft's receipt, stored now or (`replayed`) by an earlier request with the key.
        While another request holds the key, SubmissionError("in_progress"); the key used for
        other answers, SubmissionError("idempotency_conflict")."""
        draft = self._drafts.get(owner_id, draft_id)
        digest = payload_hash(draft)
        earlier = self._earlier(owner_id, draft_id, idempotency_key, digest)
        if earlier is not None:
            return earlier
        if not take_claim(self._engine, owner_id, idempotency_key, self._clock()):
            raise SubmissionError("in_progress")
        try:
            earlier = self._earlier(owner_id, draft_id, idempotency_key, digest)  # stored meanwhile
            if earlier is not None:
                return earlier
            return self._decide_and_store(owner_id, draft, idempotency_key, digest, facts, channel)
        finally:
            release_claim(self._engine, owner_id, idempotency_key)

    def _decide_and_store(
        self, owner_id: str, draft: DraftView, key: str, digest: str, facts: dict | None, channel: str
    ) -> Receipt:
        form = self._drafts.form(draft)
        answers, errors = validate_answers(form, draft.answers)
        if errors:
            raise SubmissionError("incomplete", errors)
        signed = self._commitments.signed_for(draft)
        if unsigned := self._commitments.missing_required(draft, signed):
            raise SubmissionError("commitment_required", dict.fromkeys(unsigned, "not_signed"))
        items = self._items(draft)
        known = {**draft.facts, **(facts or {})}  # fetched with consent, plus the caller's
        decisions = {
            item.code: self._decide(
                item.code, answers, known, self._today(), scenario=draft.scenario_id or None
            )
            for item in items
        }
        for code, signature in signed.items():  # 告知承诺: decided on the signed commitment
            decisions[code] = Commitments.decide(decisions[code], signature)
        try:
            return self._store(owner_id, draft, key, digest, answers, items, decisions, channel, signed)
        except IntegrityError:  # the draft became an application under another key meanwhile
            earlier = self._earlier(owner_id, draft.id, key, digest)
            if earlier is None:
                raise
            return earlier

    def _earlier(self, owner_id: str, draft_id: str, key: str, digest: str) -> Receipt | None:
        with Session(self._engine) as session:
            by_key = session.exec(
                select(ApplicationRecord).where(
                    ApplicationRecord.owner_id == owner_id, ApplicationRecord.idempotency_key == key
                )
            ).first()
            if by_key is not None:
                if by_key.payload_hash != digest:
                    raise SubmissionError("idempotency_conflict")
                return _receipt(by_key, replayed=True)
            by_draft = session.exec(
                select(ApplicationRecord).where(ApplicationRecord.draft_id == draft_id)
            ).first()
            return _receipt(by_draft, replayed=True) if by_draft is not None else None

    def _items(self, draft: DraftView) -> list[Item]:
        if draft.target_kind == "bundle":
            return self._catalogue.bundle_items(self._catalogue.bundle(draft.target_code))
        return [self._catalogue.item(draft.target_code)]

    def _today(self) -> date:
        return self._clock().astimezone(BEIJING).date()

    def _store(
        self,
        owner_id: str,
        draft: DraftView,
        key: str,
        digest: str,
        answers: dict,
        items: list[Item],
        decisions: dict[str, Decision],
        channel: str,
        signed: dict[str, Signature],
    ) -> Receipt:
        now = self._clock()
        record = ApplicationRecord(
            id=uuid.uuid4().hex,
            receipt_no=self._receipt_no(),
            owner_id=owner_id,
            draft_id=draft.id,
            idempotency_key=key,
            payload_hash=digest,
            target_kind=draft.target_kind,
            target_code=draft.target_code,
            answers=answers,
            channel=channel,
            submitted_at=now,
            decision={code: decision_json(d) for code, d in decisions.items()},
        )
        with Session(self._engine) as session:
            session.add(record)
            session.add(ApplicationEvent(application_id=record.id, status="submitted", at=now))
            owed = self._commitments.attach(session, record.id, draft, signed, now)
            for department, members in by_department(items).items():
                for item in members:
                    status = event_status(decisions[item.code])
                    session.add(
                        ApplicationEvent(
                            application_id=record.id,
                            department=department,
                            item_code=item.code,
                            status=status,
                            at=now,
                        )
                    )
                payload = department_payload(record, members, decisions, signed, owed)
                enqueue(session, record.id, department, payload, now)
            self._mark_submitted(session, draft.id, now)
            session.commit()
            return _receipt(record)

    def _mark_submitted(self, session: Session, draft_id: str, now) -> None:
        row = session.get(DraftRecord, draft_id)
        row.submitted_at = now
        session.add(row)

    def _receipt_no(self) -> str:
        return f"{self._today():%Y%m%d}{secrets.randbelow(10**8):08d}"

    def receipt(self, owner_id: str, application_id: str) -> Receipt:
        return _receipt(self._owned(owner_id, application_id))

    def timeline(self, owner_id: str, application_id: str) -> list[ApplicationEvent]:
        self._owned(owner_id, application_id)
        with Session(self._engine) as session:
            return list(
                session.exec(
                    select(ApplicationEvent)
                    .where(ApplicationEvent.application_id == application_id)
                    .order_by(ApplicationEvent.at, ApplicationEvent.id)
                )
            )

    def mine(self, owner_id: str) -> list[Receipt]:
        with Session(self._engine) as session:
            rows = session.exec(
                select(ApplicationRecord)
                .where(ApplicationRecord.owner_id == owner_id)
                .order_by(ApplicationRecord.submitted_at.desc())
            )
            return [_receipt(r) for r in rows]

    def _owned(self, owner_id: str, application_id: str) -> ApplicationRecord:
        with Session(self._engine) as session:
            record = session.get(ApplicationRecord, application_id)
        if record is None or record.owner_id != owner_id:
            raise DraftNotFound(application_id)
        return record
