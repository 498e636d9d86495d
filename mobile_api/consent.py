"""The customer's phone answers a bank's consent request (政银通办): it reads what the bank
asks (which items, which branch and teller) and confirms, signing any 告知承诺 with it.
Only the customer the request names may see or answer it; anyone else gets 404."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from core.bank.consent import ConsentView
from core.bank.errors import BankRuleError
from core.services import bank, session_store

STATUS = {"consent_not_found": 404, "consent_expired": 409, "consent_closed": 409, "commitment_unsigned": 422}


def phone_citizen(authorization: Annotated[str, Header()] = "") -> str:
    """The citizen behind the phone's bearer token (a live "mobile" session), or 401."""
    scheme, _, token = authorization.partition(" ")
    active = session_store().resolve(token.strip()) if scheme.lower() == "bearer" else None
    if active is None or active.subject_kind != "citizen" or active.channel != "mobile":
        raise HTTPException(401, {"code": "unauthenticated"}, headers={"WWW-Authenticate": "Bearer"})
    return active.subject_id


Citizen = Annotated[str, Depends(phone_citizen)]


class ConsentItemOut(BaseModel):
    code: str
    name: str
    needs_commitment: bool


class ConsentOut(BaseModel):
    code: str
    status: str = Field(description="pending, confirmed, declined, expired or ended")
    branch: str
    teller: str
    purpose: str
    consent_items: list[ConsentItemOut]
    needs_commitment: bool = Field(description="confirming also signs the items' 告知承诺")
    expires_at: datetime


class ConsentAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accept: bool = True
    sign_commitments: bool = Field(default=False, description="required to accept items with 告知承诺")


def _out(view: ConsentView) -> ConsentOut:
    items = [
        ConsentItemOut(code=i.code, name=i.name, needs_commitment=i.needs_commitment)
        for i in view.consent_items
    ]
    return ConsentOut(
        code=view.code,
        status=view.status,
        branch=view.branch,
        teller=view.teller,
        purpose=view.purpose,
        consent_items=items,
        needs_commitment=any(i.needs_commitment for i in items),
        expires_at=view.expires_at,
    )


def _refused(error: BankRuleError) -> HTTPException:
    return HTTPException(STATUS.get(error.code, 422), {"code": error.code})


def create_consent_router() -> APIRouter:
    router = APIRouter(prefix="/consents", tags=["bank consent"])

    @router.get("/{code}", response_model=ConsentOut)
    def read_consent(code: str, citizen: Citizen) -> ConsentOut:
        """What the bank asks: items, branch, teller, purpose."""
        try:
            return _out(bank().consents.for_citizen(code[:80], citizen))
        except BankRuleError as error:
            raise _refused(error) from None

    @router.post("/{code}/confirm", response_model=ConsentOut)
    def answer_consent(code: str, body: ConsentAnswer, citizen: Citizen) -> ConsentOut:
        """Consent (or refuse with accept=false); the teller cannot go on without a yes."""
        try:
            return _out(
                bank().consents.answer(
                    code[:80], citizen, accept=body.accept, sign_commitments=body.sign_commitments
                )
            )
        except BankRuleError as error:
            raise _refused(error) from None

    return router
