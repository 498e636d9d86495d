"""Drafts, materials, submissions, applications, notifications and scanned codes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mobile_api.pagination import PageInfo

Answer = str | int | float | bool


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftCreate(_Schema):
    """Start applying for an item (one scenario) or a whole bundle."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"target_code": "000101001000", "scenario_id": ""}]}
    )
    target_code: str = Field(min_length=1, max_length=16, description="item code or bundle code (YJS…)")
    scenario_id: str = Field(default="", max_length=64, description="items only; empty: the first scenario")


class DraftStep(_Schema):
    """Answers of one step; only these fields are stored. Blank answers save nothing."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"answers": {"baby_name": "张小明"}, "step": 1}]}
    )
    answers: dict[str, Answer] = Field(max_length=100)
    step: int = Field(ge=0, le=50, description="the step the phone is on (kept as the furthest step)")


class ChoiceOut(_Schema):
    """One option of a choice field."""

    value: str
    label: str


class FieldOut(_Schema):
    """A question of the form, with the answer saved so far (ID numbers masked)."""

    id: str
    label: str
    type: str = Field(description="text, textarea, number, date, choice, boolean, id_number, phone")
    required: bool
    help: str | None = None
    choices: list[ChoiceOut] | None = None
    value: Answer | None = Field(default=None, description="saved answer; ID numbers are masked")
    locked: bool = Field(description="prefilled from the verified identity: cannot be changed")


class MaterialLineOut(_Schema):
    """A material of this draft and where it stands."""

    id: str
    name: str
    obtain: Literal["A", "B", "C", "D"]
    status: str = Field(description="'' to do, ok (e-licence fetched), none_found, failed, uploaded")
    detail: str | None = None


class DraftOut(_Schema):
    """A draft: its form with saved answers, its materials checklist and what is still missing."""

    id: str
    target_kind: Literal["item", "bundle"]
    target_code: str
    title: str
    scenario_id: str
    step: int
    fields: list[FieldOut]
    materials: list[MaterialLineOut]
    missing: dict[str, str] = Field(description="field id → error code still blocking submission")


class DraftSummary(_Schema):
    """A draft in the list of unfinished applications."""

    id: str
    target_code: str
    title: str
    step: int


class DraftList(_Schema):
    """Unfinished drafts, most recent first."""

    drafts: list[DraftSummary]
    page: PageInfo


class HandoffCode(_Schema):
    """A 10-minute, single-use QR text that reopens the draft on another channel (or phone)."""

    payload: str
    expires_at: datetime


class ResumeRequest(_Schema):
    """A scanned handoff code."""

    code: str = Field(min_length=1, max_length=300)


class ElicenceConsent(_Schema):
    """Consent to fetch this draft's e-licences (免证办) from the e-licence library."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"consent": True}]})
    consent: bool = Field(description="must be true: nothing is fetched without it")


class UploadOut(_Schema):
    """An accepted upload (checked by content, metadata removed)."""

    id: str
    material_id: str
    name: str
    media_type: str
    size: int


class RuleResultOut(_Schema):
    """One 秒批 rule and whether it passed, explained."""

    rule: str
    passed: bool
    explanation: str


class DecisionOut(_Schema):
    """What happened to one item: approved instantly, or sent to the department."""

    item_code: str
    outcome: str
    results: list[RuleResultOut]


class ReceiptOut(_Schema):
    """The receipt (受理编号), given only once the application is stored."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "application_id": "4f1c…",
                    "receipt_no": "2026112812345678",
                    "target_kind": "item",
                    "target_code": "000101001000",
                    "title": "身份证丢了怎么补办",
                    "submitted_at": "2026-11-28T11:00:00+00:00",
                    "decisions": [{"item_code": "000101001000", "outcome": "to_department", "results": []}],
                }
            ]
        }
    )
    application_id: str
    receipt_no: str
    target_kind: str
    target_code: str
    title: str
    submitted_at: str
    decisions: list[DecisionOut]


class EventOut(_Schema):
    """One line of the status timeline."""

    id: int
    at: datetime
    status: str
    label: str = Field(description="the status in the caller's language")
    department: str | None = None
    item_code: str | None = None


class ApplicationSummary(_Schema):
    """An application in my list, with its latest status."""

    id: str
    receipt_no: str
    title: str
    submitted_at: str
    status: str
    label: str


class ApplicationList(_Schema):
    """My applications, newest first."""

    applications: list[ApplicationSummary]
    page: PageInfo


class Timeline(_Schema):
    """The application's status timeline, oldest first."""

    application_id: str
    events: list[EventOut]


class ReceiptCode(_Schema):
    """A long-lived, read-only QR text for looking up the status (kiosks, other phones)."""

    payload: str
    expires_at: datetime


class RatingIn(_Schema):
    """好差评: five levels (5 非常满意 … 1 非常不满意) and an optional comment."""

    level: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=500)


class RatingOut(_Schema):
    """The rating given."""

    level: int
    comment: str


class Notification(_Schema):
    """A status change of one of my applications."""

    id: int
    application_id: str
    receipt_no: str
    status: str
    label: str
    at: datetime


class NotificationPage(_Schema):
    """Status changes oldest first after the cursor; poll with `next_cursor` to get only new ones."""

    notifications: list[Notification]
    next_cursor: str = Field(description="pass back as `cursor`: never null, so polling can continue")


class ScanRequest(_Schema):
    """Whatever the phone camera read."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"payload": "https://ywtb.pds.gov.cn/s/000101001000"}]}
    )
    payload: str = Field(min_length=1, max_length=500)


class ScanAction(_Schema):
    """What to do with a scanned code."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"action": "open_item", "code": "000101001000"}]}
    )
    action: Literal["open_item", "open_bundle", "resume_draft", "show_status"]
    code: str | None = Field(default=None, description="open_item / open_bundle: the code")
    draft_id: str | None = Field(default=None, description="resume_draft: the draft")
    application_id: str | None = Field(default=None, description="show_status: the application")
