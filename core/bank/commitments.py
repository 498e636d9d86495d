"""告知承诺 given at a branch. The customer signs on their own phone together with the consent
(`sign_commitments`), before any draft exists; the teller's draft is started only under that
confirmed consent, and at that moment the signature is recorded on the draft through the one
commitments API (channel "bank_phone"), so the application is decided on commitment with its
deadlines exactly as on the web."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from core.applications.commitments import CommitmentRefused, Commitments, Signature
from core.bank.consent import ConsentView
from core.bank.errors import BankRuleError
from core.identity.records import CitizenRecord

BANK_PHONE = "bank_phone"


def sign_consented_commitments(
    commitments: Commitments, engine: Engine, citizen_id: str, draft_id: str, consent: ConsentView
) -> tuple[Signature, ...]:
    """Sign, on the new draft, each commitment the customer agreed to in this consent. The act
    of signing was the customer's confirmation on their phone, logged in with their verified
    identity, so the name signed is that verified name; the text is the item's current one."""
    with Session(engine) as session:
        citizen = session.get(CitizenRecord, citizen_id)
        verified_name = citizen.name if citizen is not None else ""
    signed = []
    for offer in commitments.offers(citizen_id, draft_id):
        if offer.item_code not in consent.commitments:
            continue
        try:
            signed.append(
                commitments.sign(
                    citizen_id,
                    draft_id,
                    offer.item_code,
                    text_hash=offer.text_hash,
                    typed_name=verified_name,
                    agreed=True,
                    channel=BANK_PHONE,
                )
            )
        except CommitmentRefused as refused:
            raise BankRuleError(
                "commitment_unsigned", f"the commitment could not be signed: {refused.code}"
            ) from None
    return tuple(signed)
