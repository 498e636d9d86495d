"""告知承诺 given at a branch. The customer signs on their own phone when they confirm the
consent: the signature names the exact text the phone showed (the terms of the scenario the
teller asked for, by its SHA-256) and is stored with the consent (`sign_on_phone`). A consent
naming a text that is no longer current is refused, so the customer reads it again. The
teller's draft, started under that consent, then carries the signature as it was given
(`carry_to_draft`, channel "bank_phone"), so the application is decided on commitment with
its deadlines exactly as on the web."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.applications.commitment_terms import Terms
from core.applications.commitments import Commitments, Signature
from core.applications.drafts import DraftView
from core.bank.errors import BankRuleError
from core.bank.records import BankConsentSignature
from core.identity.records import CitizenRecord

BANK_PHONE = "bank_phone"


def sign_on_phone(
    session: Session,
    consent_id: str,
    citizen_id: str,
    pledged: Mapping[str, tuple[str, Terms]],
    shown: Mapping[str, str],
    now: datetime,
) -> None:
    """Add (to the caller's transaction) one signature per pledged item — item code ->
    (scenario, terms) — for the text whose SHA-256 the phone says it showed. The act is the
    customer's confirmation, logged in with their verified identity: the name signed is that one."""
    citizen = session.get(CitizenRecord, citizen_id)
    if citizen is None or citizen.real_name_verified_at is None or not citizen.name:
        raise BankRuleError("commitment_unsigned", "only a real-name verified customer can sign")
    for code, (scenario_id, terms) in pledged.items():
        if not shown.get(code):
            raise BankRuleError("commitment_unsigned", f"name the commitment text shown for {code}")
        if shown[code] != terms.text_hash:
            raise BankRuleError("commitment_text_changed", f"the commitment of {code} has a new text")
        session.add(
            BankConsentSignature(
                consent_id=consent_id,
                item_code=code,
                scenario_id=scenario_id,
                text_zh=terms.text_zh,
                text_en=terms.text_en,
                text_sha256=terms.text_hash,
                signer_name=citizen.name,
                signed_at=now,
            )
        )


def signatures_of(engine: Engine, consent_id: str) -> dict[str, BankConsentSignature]:
    """Item code -> the commitment signed with this consent."""
    with Session(engine) as session:
        rows = session.exec(select(BankConsentSignature).where(BankConsentSignature.consent_id == consent_id))
        return {row.item_code: row for row in rows}


def carry_to_draft(
    commitments: Commitments, engine: Engine, consent_id: str, citizen_id: str, draft: DraftView
) -> tuple[Signature, ...]:
    """Record on the new draft the commitment signed with the consent for its item and
    scenario, as signed: the text hash and time of the phone's confirmation."""
    signed = signatures_of(engine, consent_id).get(draft.target_code)
    if signed is None or signed.scenario_id != draft.scenario_id:
        return ()
    return (
        commitments.record_signed(
            citizen_id,
            draft.id,
            signed.item_code,
            text_hash=signed.text_sha256,
            signer_name=signed.signer_name,
            signed_at=signed.signed_at,
            channel=BANK_PHONE,
        ),
    )
