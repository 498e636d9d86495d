"""告知承诺: approval on the citizen's signed commitment, with a deadline for each material
still owed. Channel-neutral: every channel (web, kiosk, bank terminal with the customer
signing on their phone, mobile API) calls the same `Commitments` service.

- `offers(owner, draft)`: what the draft may be decided on, with the text to read and the
  deadlines it would bring.
- `sign(owner, draft, item, text_hash=, typed_name=, agreed=, channel=)`: the explicit act,
  stored with the time, the hash of the text read and the channel.
- at submission (`Submissions` calls `signed_for`, `missing_required`, `attach`), each signed
  item is decided on commitment and its owed materials get their deadlines.
- `owed(owner, application)` and `supply(owner, application, material, upload)` afterwards.
Reminders before each deadline are in `commitment_reminders`; the department's notice of a
missed one in `commitment_overdue` (a material supplied after that notice tells it too).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.commitment_records import CommitmentRecord, OwedMaterial
from core.applications.commitment_terms import Terms, TermsLibrary, default_terms
from core.applications.decisions import Decision, RuleResult
from core.applications.delivery.notices import COMMITMENT_SUPPLIED
from core.applications.delivery.outbox import enqueue
from core.applications.drafts import DraftNotFound, Drafts, DraftView
from core.applications.records import ApplicationEvent, ApplicationRecord
from core.clock import BEIJING, Clock, as_utc, system_clock
from core.guide.catalogue import Catalogue
from core.guide.models import Item, Material, Obtain
from core.identity.records import CitizenRecord

__all__ = [
    "CommitmentRefused",
    "Commitments",
    "Offer",
    "OwedLine",
    "Signature",
    "deadline",
]


class CommitmentRefused(ValueError):
    """`code`: not_agreed, name_mismatch, not_verified, text_changed, not_offered, submitted,
    not_owed (supply of a material that is not owed or already supplied)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class OwedLine:
    item_code: str
    material_id: str
    name: str
    name_en: str
    due_on: date  # supply by the end of this day, Beijing time
    supplied: bool = False
    overdue: bool = False


@dataclass(frozen=True)
class Signature:
    id: str
    item_code: str
    signer_name: str
    signed_at: datetime
    channel: str
    text_hash: str


@dataclass(frozen=True)
class Offer:
    item_code: str
    item_name: str
    item_name_en: str
    required: bool  # the scenario requires the commitment (its D material is required)
    text_zh: str
    text_en: str
    text_hash: str
    owed: tuple[OwedLine, ...]  # deadlines if decided today
    signature: Signature | None


def deadline(decided_at: datetime, days: int) -> date:
    """The last day (Beijing date) to supply an owed material: `days` calendar days after the decision."""
    return as_utc(decided_at).astimezone(BEIJING).date() + timedelta(days=days)


def _signature(record: CommitmentRecord) -> Signature:
    return Signature(
        record.id,
        record.item_code,
        record.signer_name,
        as_utc(record.signed_at),
        record.channel,
        record.text_hash,
    )


def _material(item: Item, material_id: str) -> Material:
    return next(m for s in item.scenarios for m in s.materials if m.id == material_id)


def _same_name(typed: str, verified: str) -> bool:
    return "".join(typed.split()) == "".join(verified.split()) != ""


class Commitments:
    def __init__(
        self,
        engine: Engine,
        catalogue: Catalogue,
        clock: Clock = system_clock,
        terms: TermsLibrary | None = None,
    ) -> None:
        self._engine = engine
        self._catalogue = catalogue
        self._clock = clock
        self._terms = terms if terms is not None else default_terms()
        self._drafts = Drafts(engine, catalogue, clock)

    # -- before submission ---------------------------------------------------------------

    def _targets(self, draft: DraftView) -> list[tuple[Item, str, Terms]]:
        if draft.target_kind == "bundle":
            bundle = self._catalogue.bundle(draft.target_code)
            pairs = [(item, item.scenarios[0].id) for item in self._catalogue.bundle_items(bundle)]
        else:
            item = self._catalogue.item(draft.target_code)
            pairs = [(item, draft.scenario_id or item.scenarios[0].id)]
        found = [(item, scenario, self._terms.for_item(item.code, scenario)) for item, scenario in pairs]
        return [(item, scenario, terms) for item, scenario, terms in found if terms is not None]

    def _signed(self, session: Session, draft_id: str) -> dict[str, CommitmentRecord]:
        rows = session.exec(select(CommitmentRecord).where(CommitmentRecord.draft_id == draft_id))
        return {row.item_code: row for row in rows}

    def offers(self, owner_id: str, draft_id: str) -> list[Offer]:
        """What the draft may be decided on, each with its text, deadlines and current signature."""
        return self._offers(self._drafts.get(owner_id, draft_id))

    def _offers(self, draft: DraftView) -> list[Offer]:
        with Session(self._engine) as session:
            signed = self._signed(session, draft.id)
        now = self._clock()
        offers = []
        for item, scenario, terms in self._targets(draft):
            record = signed.get(item.code)
            current = record is not None and record.text_hash == terms.text_hash
            owed = tuple(
                OwedLine(item.code, t.material_id, *self._names(item, t.material_id), deadline(now, t.days))
                for t in terms.owed_in(item, scenario)
            )
            required = any(
                m.obtain is Obtain.COMMITMENT and m.required for m in item.scenario(scenario).materials
            )
            offers.append(
                Offer(
                    item.code,
                    item.plain_name,
                    item.plain_name_en,
                    required,
                    terms.text_zh,
                    terms.text_en,
                    terms.text_hash,
                    owed,
                    _signature(record) if current else None,
                )
            )
        return offers

    def _names(self, item: Item, material_id: str) -> tuple[str, str]:
        material = _material(item, material_id)
        return material.name, material.name_en

    def sign(
        self,
        owner_id: str,
        draft_id: str,
        item_code: str,
        *,
        text_hash: str,
        typed_name: str,
        agreed: bool,
        channel: str,
    ) -> Signature:
        """Sign the commitment of one item of a draft. The citizen must have ticked agreement and
        typed their verified name; `text_hash` is the hash of the text they were shown."""
        draft = self._drafts.get(owner_id, draft_id)
        if draft.submitted:
            raise CommitmentRefused("submitted")
        terms = next((t for item, _s, t in self._targets(draft) if item.code == item_code), None)
        if terms is None:
            raise CommitmentRefused("not_offered")
        if text_hash != terms.text_hash:
            raise CommitmentRefused("text_changed")
        if not agreed:
            raise CommitmentRefused("not_agreed")
        with Session(self._engine) as session:
            citizen = session.get(CitizenRecord, owner_id)
            if citizen is None or citizen.real_name_verified_at is None:
                raise CommitmentRefused("not_verified")
            if not _same_name(typed_name, citizen.name):
                raise CommitmentRefused("name_mismatch")
            return self._store(session, owner_id, draft, item_code, terms.text_hash, citizen.name, channel)

    def record_signed(
        self,
        owner_id: str,
        draft_id: str,
        item_code: str,
        *,
        text_hash: str,
        signer_name: str,
        signed_at: datetime,
        channel: str,
    ) -> Signature:
        """Put on a draft a commitment signed before the draft existed (a bank customer signs on
        their phone with the consent), as it was signed: if the text has changed since, the
        signature stays on the old text and the draft is not decided on it."""
        draft = self._drafts.get(owner_id, draft_id)
        if draft.submitted:
            raise CommitmentRefused("submitted")
        if not any(item.code == item_code for item, _s, _t in self._targets(draft)):
            raise CommitmentRefused("not_offered")
        with Session(self._engine) as session:
            return self._store(
                session, owner_id, draft, item_code, text_hash, signer_name, channel, signed_at
            )

    def _store(
        self,
        session: Session,
        owner_id: str,
        draft: DraftView,
        item_code: str,
        text_hash: str,
        signer_name: str,
        channel: str,
        signed_at: datetime | None = None,
    ) -> Signature:
        record = self._signed(session, draft.id).get(item_code) or CommitmentRecord(
            id=uuid.uuid4().hex, owner_id=owner_id, draft_id=draft.id, item_code=item_code
        )
        record.scenario_id = draft.scenario_id
        record.text_hash, record.signer_name = text_hash, signer_name
        record.channel, record.signed_at = channel[:16], signed_at or self._clock()
        session.add(record)
        session.commit()
        return _signature(record)

    # -- at submission (called by Submissions, inside its transaction where a session is given) --

    def signed_for(self, draft: DraftView) -> dict[str, Signature]:
        """Signatures of the draft whose text is still the current one."""
        current = {item.code: terms.text_hash for item, _s, terms in self._targets(draft)}
        with Session(self._engine) as session:
            signed = self._signed(session, draft.id)
        return {code: _signature(r) for code, r in signed.items() if current.get(code) == r.text_hash}

    def missing_required(self, draft: DraftView, signed: dict[str, Signature]) -> list[str]:
        """Items whose scenario requires a commitment that is not signed."""
        return [o.item_code for o in self._offers(draft) if o.required and o.item_code not in signed]

    @staticmethod
    def decide(decision: Decision, signature: Signature) -> Decision:
        """The item's decision once its commitment is signed: rules that approved stay approved."""
        if decision.approved:
            return decision
        result = RuleResult(
            "commitment",
            True,
            f"通过：已签署告知承诺（{signature.signed_at.astimezone(BEIJING):%Y-%m-%d %H:%M}），按承诺审批",
            f"Passed: the commitment was signed ({signature.signed_at.astimezone(BEIJING):%Y-%m-%d %H:%M}); "
            "decided on the commitment",
        )
        return Decision(decision.item_code, "committed", [*decision.results, result], "commitment_signed")

    def attach(
        self,
        session: Session,
        application_id: str,
        draft: DraftView,
        signed: dict[str, Signature],
        now: datetime,
    ) -> list[OwedMaterial]:
        """Link the draft's signatures to the application and store what they owe, due from `now`."""
        owed: list[OwedMaterial] = []
        for item, scenario, terms in self._targets(draft):
            signature = signed.get(item.code)
            if signature is None:
                continue
            record = session.get(CommitmentRecord, signature.id)
            record.application_id = application_id
            session.add(record)
            supplied = set(draft.facts.get("uploads", {}))
            for term in terms.owed_in(item, scenario):
                if term.material_id in supplied:  # uploaded before submitting: nothing owed
                    continue
                row = OwedMaterial(
                    application_id=application_id,
                    commitment_id=signature.id,
                    item_code=item.code,
                    material_id=term.material_id,
                    due_on=deadline(now, term.days),
                )
                session.add(row)
                owed.append(row)
        return owed

    # -- after submission ----------------------------------------------------------------

    def _application(self, session: Session, owner_id: str, application_id: str) -> ApplicationRecord:
        record = session.get(ApplicationRecord, application_id)
        if record is None or record.owner_id != owner_id:
            raise DraftNotFound(application_id)
        return record

    def signatures(self, owner_id: str, application_id: str) -> list[Signature]:
        with Session(self._engine) as session:
            self._application(session, owner_id, application_id)
            rows = session.exec(
                select(CommitmentRecord).where(CommitmentRecord.application_id == application_id)
            )
            return [_signature(r) for r in rows]

    def owed(self, owner_id: str, application_id: str) -> list[OwedLine]:
        """Every material the application's commitments owe, supplied or not, by deadline."""
        today = self._clock().astimezone(BEIJING).date()
        with Session(self._engine) as session:
            self._application(session, owner_id, application_id)
            rows = session.exec(
                select(OwedMaterial)
                .where(OwedMaterial.application_id == application_id)
                .order_by(OwedMaterial.due_on, OwedMaterial.id)
            ).all()
        return [self._line(row, today) for row in rows]

    def _line(self, row: OwedMaterial, today: date) -> OwedLine:
        name, name_en = self._names(self._catalogue.item(row.item_code), row.material_id)
        supplied = row.supplied_at is not None
        return OwedLine(
            row.item_code,
            row.material_id,
            name,
            name_en,
            row.due_on,
            supplied,
            not supplied and today > row.due_on,
        )

    @staticmethod
    def _notify_supplied(session: Session, row: OwedMaterial, item: Item, now: datetime) -> None:
        owed = {"item": row.item_code, "material": row.material_id, "due_on": row.due_on.isoformat()}
        payload = {"item_code": row.item_code, "supplied": [owed | {"upload_id": row.upload_id}]}
        enqueue(session, row.application_id, item.department, payload, now, COMMITMENT_SUPPLIED)

    def supply(self, owner_id: str, application_id: str, material_id: str, upload_id: str) -> OwedLine:
        """An accepted upload (already checked and stored) supplies an owed material."""
        now = self._clock()
        with Session(self._engine) as session:
            self._application(session, owner_id, application_id)
            row = session.exec(
                select(OwedMaterial).where(
                    OwedMaterial.application_id == application_id,
                    OwedMaterial.material_id == material_id,
                    OwedMaterial.supplied_at.is_(None),
                )
            ).first()
            if row is None:
                raise CommitmentRefused("not_owed")
            row.supplied_at, row.upload_id = now, upload_id
            item = self._catalogue.item(row.item_code)
            session.add(row)
            if row.overdue_notified_at is not None:  # the department was told it was overdue
                self._notify_supplied(session, row, item, now)
            # No department on this line: the department's own status line stays its latest.
            session.add(
                ApplicationEvent(
                    application_id=application_id,
                    item_code=item.code,
                    status="supplied",
                    note=self._names(item, material_id)[0],
                    at=now,
                )
            )
            session.commit()
            return self._line(row, now.astimezone(BEIJING).date())
