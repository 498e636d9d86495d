"""The customer's phone answers a bank's consent request (政银通办): it reads what the bank
asks (which items, which branch and teller) and confirms, signing any 告知承诺 with it: the
answer names the version (`commitment_sha256`) of each text shown, so what is signed is exactly that.
Only the customer the request names may see or answer it; anyone else gets 404."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from core.bank.consent import ConsentView
from core.bank.errors import BankRuleError
from core.services import bank
from mobile_api.auth import CurrentCitizen
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routing import CompactRouter

router = CompactRouter(prefix="/consents", tags=["bank consent"])
ERRORS = (
    "consent_not_found",
    "consent_expired",
    "consent_closed",
    "commitment_unsigned",
    "commitment_text_changed",
)


class ConsentItemOut(BaseModel):
    """One service the bank asks to apply for on the customer's behalf."""

    code: str
    name: str
    needs_commitment: bool
    commitment_zh: str = Field(default="", description="the 告知承诺 text signed by confirming (Chinese)")
    commitment_en: str = Field(default="", description="the same text in English")
    commitment_sha256: str = Field(
        default="", description="the version of this text: send it back in the answer to sign it"
    )


class ConsentOut(BaseModel):
    """A bank branch's request to act for the customer (政银通办), as the customer's phone shows it."""

    code: str
    status: str = Field(description="pending, confirmed, declined, expired or ended")
    branch: str
    teller: str
    purpose: str
    consent_items: list[ConsentItemOut]
    needs_commitment: bool = Field(description="confirming also signs the items' 告知承诺")
    expires_at: datetime


class ConsentAnswer(BaseModel):
    """The customer's answer, given on their own phone."""

    model_config = ConfigDict(extra="forbid")
    accept: bool = True
    sign_commitments: bool = Field(default=False, description="required to accept items with 告知承诺")
    commitment_sha256: dict[str, str] = Field(
        default_factory=dict,
        max_length=10,
        description="item code -> commitment_sha256 of the text shown; a text changed since is refused",
    )


def _out(view: ConsentView) -> ConsentOut:
    items = [
        ConsentItemOut(
            code=i.code,
            name=i.name,
            needs_commitment=i.needs_commitment,
            commitment_zh=i.commitment_zh,
            commitment_en=i.commitment_en,
            commitment_sha256=i.commitment_sha256,
        )
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


def _refused(error: BankRuleError) -> ApiProblem:
    return ApiProblem(error.code if error.code in ERRORS else "consent_not_found")


@router.get(
    "/{code}",
    response_model=ConsentOut,
    responses=problem_responses("unauthorized", *ERRORS),
    summary="银行代办授权：查看 What a bank branch asks to do for me",
)
def read_consent(code: str, citizen: CurrentCitizen) -> ConsentOut:
    """What the bank asks: items, branch, teller, purpose. Only the named customer sees it."""
    try:
        return _out(bank().consents.for_citizen(code[:80], citizen.id))
    except BankRuleError as error:
        raise _refused(error) from None


@router.post(
    "/{code}/confirm",
    response_model=ConsentOut,
    responses=problem_responses("unauthorized", *ERRORS),
    summary="银行代办授权：同意或拒绝 Consent or refuse",
)
def answer_consent(code: str, body: ConsentAnswer, citizen: CurrentCitizen) -> ConsentOut:
    """Consent (or refuse with accept=false); the teller cannot go on without a yes."""
    try:
        return _out(
            bank().consents.answer(
                code[:80],
                citizen.id,
                accept=body.accept,
                sign_commitments=body.sign_commitments,
                shown=body.commitment_sha256,
            )
        )
    except BankRuleError as error:
        raise _refused(error) from None
