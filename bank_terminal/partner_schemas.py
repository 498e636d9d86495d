"""Request and response bodies of the bank partner API (documented in its OpenAPI)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    """RFC 9457 problem details; `code` is stable and meant for programs."""

    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str = ""
    fields: dict[str, str] = Field(default_factory=dict)


class TellerLoginIn(_In):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)
    code: str = Field(max_length=8, description="6-digit TOTP code from the teller's authenticator")


class TellerPublic(BaseModel):
    username: str
    display_name: str
    branch: str
    terminal_id: str


class TellerSession(BaseModel):
    teller_token: str = Field(description="send as X-Yiwang-Teller; valid on this terminal only")
    expires_at: datetime
    teller: TellerPublic


class IdentifyIn(_In):
    eid_code: str | None = Field(default=None, max_length=400, description="the e-ID code scanned")
    card: dict | None = Field(default=None, description="the ID card reader's record (IdCard.to_record())")


class CustomerPublic(BaseModel):
    customer_token: str = Field(description="send as X-Yiwang-Customer; ends when the customer leaves")
    masked_name: str
    masked_id_number: str
    expires_at: datetime


class BankItemPublic(BaseModel):
    code: str
    name: str
    plain_name: str
    fee: str
    materials: list[str]
    needs_commitment: bool
    most_asked: bool


class ConsentIn(_In):
    item_codes: list[str] = Field(min_length=1, max_length=10)
    purpose: str = Field(default="apply", pattern="^(apply|status)$")
    scenarios: dict[str, str] = Field(
        default_factory=dict,
        max_length=10,
        description="item code -> scenario id (default: the item's first); its 告知承诺 is the one signed",
    )


class ConsentItemPublic(BaseModel):
    code: str
    name: str
    needs_commitment: bool
    scenario_id: str = ""


class ConsentPublic(BaseModel):
    id: str
    code: str = Field(description="show as a QR for the customer's phone to scan")
    status: str = Field(description="pending, confirmed, declined, expired or ended")
    branch: str
    teller: str
    purpose: str
    consent_items: list[ConsentItemPublic]
    expires_at: datetime
    commitments: list[str]


class DraftIn(_In):
    item_code: str = Field(max_length=16)
    scenario_id: str = Field(default="", max_length=64)


class AnswersIn(_In):
    answers: dict[str, str | int | float | bool] = Field(max_length=100)


class DraftField(BaseModel):
    id: str
    label: str
    label_en: str
    type: str
    required: bool
    value: str = Field(description="ID numbers masked")
    prefilled: bool = Field(description="from the customer's verified identity; cannot be changed")


class DraftPublic(BaseModel):
    id: str
    item_code: str
    scenario_id: str
    fields: list[DraftField]
    missing: list[str]


class SubmitIn(_In):
    idempotency_key: str = Field(min_length=8, max_length=64)


class ReceiptPublic(BaseModel):
    application_id: str
    receipt_no: str
    item_code: str
    submitted_at: str
    decisions: dict


class PrintedPublic(BaseModel):
    """A receipt sent to the branch printer: the job's name (it names no person)."""

    printed: bool
    job_name: str


class StatusLine(BaseModel):
    at: str
    department: str
    status: str


class ApplicationPublic(BaseModel):
    application_id: str
    receipt_no: str
    item_code: str
    submitted_at: str
    teller: str
    statuses: list[StatusLine]
