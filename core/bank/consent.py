"""The customer's consent, given on their own phone: the terminal shows a signed short code
as a QR, the phone (logged in as that customer) reads what the bank asks and confirms, signing
any 告知承诺 of the items at the same time — the text of the scenario the teller asked for, as
the phone showed it (`core.bank.commitments`). Without a confirmed consent nothing is submitted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from core.applications.commitment_terms import Terms, TermsLibrary, default_terms
from core.audit import AuditLog
from core.bank.audit import Desk, customer_key, record_act
from core.bank.channel import bank_item
from core.bank.commitments import sign_on_phone, signatures_of
from core.bank.errors import BankRuleError
from core.bank.records import BankConsentRecord
from core.clock import Clock, as_utc, system_clock
from core.guide.catalogue import Catalogue
from core.guide.models import Flag
from core.settings import get_settings

ASK_TTL = timedelta(minutes=10)  # time to answer on the phone
CONSENT_TTL = timedelta(hours=1)  # a confirmed consent lasts the visit at most (bank_customer policy)
PREFIX = "YWC1"
PURPOSES = ("apply", "status")


def _tag(consent_id: str) -> str:
    key = hmac.new(get_settings().secret_key.encode(), b"yiwang bank consent v1", hashlib.sha256).digest()
    digest = hmac.new(key, consent_id.encode(), hashlib.sha256).digest()[:10]
    return base64.b32encode(digest).decode().rstrip("=")


def consent_code(consent_id: str) -> str:
    """The text of the QR: the consent id and its signature (nothing personal)."""
    return f"{PREFIX}.{consent_id}.{_tag(consent_id)}"


def consent_id_of(code: str) -> str:
    parts = (code or "").strip().upper().split(".")
    if len(parts) != 3 or parts[0] != PREFIX or not hmac.compare_digest(_tag(parts[1]), parts[2]):
        raise BankRuleError("consent_not_found", "this is not a consent code of this platform")
    return parts[1]


@dataclass(frozen=True)
class ConsentItem:
    code: str
    name: str
    needs_commitment: bool
    # The 告知承诺 the customer signs with the consent: the text of the scenario the teller
    # asked for (the draft's own), or once signed the text signed; empty when there is none.
    commitment_zh: str = ""
    commitment_en: str = ""
    commitment_sha256: str = ""  # the version of that text: the phone sends it back to sign
    scenario_id: str = ""


@dataclass(frozen=True)
class ConsentView:
    """What the phone shows before the customer says yes, and what the terminal polls."""

    id: str
    code: str
    status: str  # pending, confirmed, declined, expired, ended
    branch: str
    teller: str
    terminal_id: str
    purpose: str
    consent_items: tuple[ConsentItem, ...]
    expires_at: datetime
    commitments: tuple[str, ...]

    @property
    def is_confirmed(self) -> bool:
        return self.status == "confirmed"


def _status(record: BankConsentRecord, now: datetime) -> str:
    if record.ended_at is not None:
        return "ended"
    if record.declined_at is not None:
        return "declined"
    if record.confirmed_at is not None:
        return "confirmed" if now < as_utc(record.confirmed_at) + CONSENT_TTL else "expired"
    return "pending" if now < as_utc(record.expires_at) else "expired"


class Consents:
    def __init__(
        self,
        engine: Engine,
        catalogue: Catalogue,
        audit: AuditLog,
        clock: Clock = system_clock,
        terms: TermsLibrary | None = None,
    ):
        self._engine, self._catalogue, self._audit, self._clock = engine, catalogue, audit, clock
        self._terms = terms if terms is not None else default_terms()

    def ask(
        self,
        desk: Desk,
        citizen_id: str,
        item_codes: list[str],
        purpose: str = "apply",
        scenarios: Mapping[str, str] | None = None,
    ) -> ConsentView:
        """A new consent request for the customer at this desk; only bank items can be asked for,
        each for one scenario (`scenarios`: item code -> scenario id; the first one by default)."""
        codes = list(dict.fromkeys(item_codes))
        if not codes or purpose not in PURPOSES:
            raise BankRuleError("not_for_bank", "name at least one item and a known purpose")
        chosen = {}
        for code in codes:
            item = bank_item(self._catalogue, code)
            chosen[code] = (scenarios or {}).get(code) or item.scenarios[0].id
            if chosen[code] not in {s.id for s in item.scenarios}:
                raise BankRuleError("not_found", "no such scenario")
        now = self._clock()
        record = BankConsentRecord(
            id=secrets.token_hex(10).upper(),
            citizen_id=citizen_id,
            branch=desk.branch,
            terminal_id=desk.terminal.id,
            teller=desk.teller,
            item_codes=codes,
            purpose=purpose,
            created_at=now,
            expires_at=now + ASK_TTL,
            scenarios=chosen,
        )
        with Session(self._engine, expire_on_commit=False) as session:
            session.add(record)
            session.commit()
        record_act(
            self._audit,
            desk,
            "consent.ask",
            "ok",
            purpose=purpose,
            citizen_id=citizen_id,
            consent=record.id,
            items=",".join(codes),
        )
        return self._view(record)

    def for_desk(self, desk: Desk, consent_id: str) -> ConsentView:
        """The terminal polls its own branch's request; another branch's is "not found"."""
        with Session(self._engine) as session:
            record = session.get(BankConsentRecord, consent_id)
        if record is None or record.branch != desk.branch:
            raise BankRuleError("consent_not_found")
        return self._view(record)

    def for_citizen(self, code: str, citizen_id: str) -> ConsentView:
        """What the customer's phone shows; someone else's request is "not found"."""
        return self._view(self._owned(consent_id_of(code), citizen_id))

    def answer(
        self,
        code: str,
        citizen_id: str,
        *,
        accept: bool,
        sign_commitments: bool = False,
        shown: Mapping[str, str] | None = None,
    ) -> ConsentView:
        """The customer says yes or no, once. A yes to items with 告知承诺 signs them too:
        `shown` names, per item code, the `commitment_sha256` of the text the phone displayed;
        a text changed since is refused (`commitment_text_changed`) for the customer to reread."""
        record = self._owned(consent_id_of(code), citizen_id)
        view = self._view(record)
        if view.status != "pending":
            raise BankRuleError("consent_expired" if view.status == "expired" else "consent_closed")
        pledged = self._pledged(record)
        if accept and pledged and not sign_commitments:
            raise BankRuleError("commitment_unsigned", "these items need the customer's signed commitment")
        now = self._clock()
        values = {"confirmed_at": now, "commitments": list(pledged)} if accept else {"declined_at": now}
        with Session(self._engine) as session:
            claimed = session.exec(
                update(BankConsentRecord)
                .where(
                    BankConsentRecord.id == record.id,
                    BankConsentRecord.confirmed_at.is_(None),
                    BankConsentRecord.declined_at.is_(None),
                )
                .values(**values)
            ).rowcount
            if claimed != 1:
                raise BankRuleError("consent_closed")
            if accept:  # the signatures and the yes are stored together, or neither
                sign_on_phone(session, record.id, citizen_id, pledged, shown or {}, now)
            session.commit()
        self._audit.record(
            "bank.consent.answer",
            "ok" if accept else "declined",
            actor=customer_key(citizen_id),
            channel="mobile",
            terminal=record.terminal_id,
            branch=record.branch,
            customer=customer_key(citizen_id),
            purpose=record.purpose,
            teller=record.teller,
            consent=record.id,
            commitments=",".join(pledged) if accept else "",
        )
        return self._view(self._owned(record.id, citizen_id))

    def require(self, desk: Desk, citizen_id: str, item_code: str) -> ConsentView:
        """The confirmed consent covering this item at this branch, or `consent_required`."""
        now = self._clock()
        with Session(self._engine) as session:
            rows = session.exec(
                select(BankConsentRecord)
                .where(
                    BankConsentRecord.citizen_id == citizen_id,
                    BankConsentRecord.branch == desk.branch,
                    BankConsentRecord.confirmed_at.is_not(None),
                )
                .order_by(BankConsentRecord.confirmed_at.desc())
            ).all()
        for record in rows:
            if item_code in record.item_codes and _status(record, now) == "confirmed":
                return self._view(record)
        record_act(
            self._audit,
            desk,
            "consent.check",
            "refused",
            purpose="apply",
            citizen_id=citizen_id,
            item=item_code,
            reason="consent_required",
        )
        raise BankRuleError("consent_required", "the customer has not consented on their phone")

    def end_visit(self, desk: Desk, citizen_id: str) -> int:
        """The customer left: every open consent they gave at this branch is spent."""
        with Session(self._engine) as session:
            ended = session.exec(
                update(BankConsentRecord)
                .where(
                    BankConsentRecord.citizen_id == citizen_id,
                    BankConsentRecord.branch == desk.branch,
                    BankConsentRecord.ended_at.is_(None),
                )
                .values(ended_at=self._clock())
            ).rowcount
            session.commit()
        return ended

    def _owned(self, consent_id: str, citizen_id: str) -> BankConsentRecord:
        with Session(self._engine) as session:
            record = session.get(BankConsentRecord, consent_id)
        if record is None or record.citizen_id != citizen_id:
            raise BankRuleError("consent_not_found")
        return record

    def _scenarios(self, record: BankConsentRecord) -> dict[str, str]:
        """Item code -> the scenario asked for, of the items still in the catalogue."""
        items = {code: self._catalogue.find_item(code) for code in record.item_codes}
        asked = record.scenarios or {}
        return {code: asked.get(code) or item.scenarios[0].id for code, item in items.items() if item}

    def _pledged(self, record: BankConsentRecord) -> dict[str, tuple[str, Terms]]:
        """Item code -> (scenario, current terms) of the items whose 告知承诺 a yes signs."""
        found = {c: (s, self._terms.for_item(c, s)) for c, s in self._scenarios(record).items()}
        return {code: (scenario, terms) for code, (scenario, terms) in found.items() if terms is not None}

    def _view(self, record: BankConsentRecord) -> ConsentView:
        pledged, signed = self._pledged(record), signatures_of(self._engine, record.id)
        items = []
        for code, scenario in self._scenarios(record).items():
            item = self._catalogue.item(code)
            text = ("", "", "")
            if code in signed:
                text = (signed[code].text_zh, signed[code].text_en, signed[code].text_sha256)
            elif code in pledged:
                terms = pledged[code][1]
                text = (terms.text_zh, terms.text_en, terms.text_hash)
            items.append(ConsentItem(code, item.name, item.has_flag(Flag.COMMITMENT), *text, scenario))
        return ConsentView(
            record.id,
            consent_code(record.id),
            _status(record, self._clock()),
            record.branch,
            record.teller,
            record.terminal_id,
            record.purpose,
            tuple(items),
            as_utc(record.expires_at),
            tuple(record.commitments or ()),
        )
