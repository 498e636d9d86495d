"""Drafts: start, save step by step, list, hand off to another channel, resume by code."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from core.applications.drafts import DraftInvalid, DraftNotFound, DraftView
from core.applications.prefill import locked_fields, start_prefilled
from core.identity.codes import CodeError
from core.services import audit_log, citizens, drafts
from mobile_api.auth import CurrentCitizen
from mobile_api.draft_views import draft_out, draft_summary
from mobile_api.language import Lang
from mobile_api.pagination import CursorParam, LimitParam, page_after
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routing import CompactRouter
from mobile_api.scan_codes import verify_code
from mobile_api.schemas_applications import (
    DraftCreate,
    DraftList,
    DraftOut,
    DraftStep,
    HandoffCode,
    ResumeRequest,
)

router = CompactRouter(prefix="/drafts", tags=["drafts"])
DraftId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="draft id")]
CHANNEL = "mobile"


def owned_draft(owner_id: str, draft_id: str) -> DraftView:
    """The caller's unsubmitted draft, or 404 (someone else's draft looks exactly like none)."""
    try:
        draft = drafts().get(owner_id, draft_id)
    except DraftNotFound as missing:
        raise ApiProblem("draft_not_found") from missing
    if draft.submitted:
        raise ApiProblem("draft_not_found")
    return draft


@router.get(
    "", response_model=DraftList, responses=problem_responses("unauthorized"), summary="我的草稿 My drafts"
)
def my_drafts(
    citizen: CurrentCitizen, lang: Lang, cursor: CursorParam = "", limit: LimitParam = 20
) -> DraftList:
    chunk, page = page_after(drafts().mine(citizen.id), lambda d: d.id, cursor, limit)
    return DraftList(drafts=[draft_summary(d, lang) for d in chunk], page=page)


@router.post(
    "",
    status_code=201,
    response_model=DraftOut,
    responses=problem_responses("unauthorized", "item_not_found", "scenario_not_found"),
    summary="开始申请 Start a draft",
)
def start_draft(citizen: CurrentCitizen, lang: Lang, body: DraftCreate) -> DraftOut:
    known = citizens().prefill(citizen.id)
    try:
        draft = start_prefilled(drafts(), known, citizen.id, body.target_code, body.scenario_id, CHANNEL)
    except DraftNotFound as missing:
        raise ApiProblem("item_not_found") from missing
    except KeyError as missing:
        raise ApiProblem("scenario_not_found") from missing
    return draft_out(citizen.id, draft, lang)


@router.get(
    "/{draft_id}",
    response_model=DraftOut,
    responses=problem_responses("unauthorized", "draft_not_found"),
    summary="草稿详情 A draft",
)
def get_draft(citizen: CurrentCitizen, lang: Lang, draft_id: DraftId) -> DraftOut:
    return draft_out(citizen.id, owned_draft(citizen.id, draft_id), lang)


@router.patch(
    "/{draft_id}",
    response_model=DraftOut,
    responses=problem_responses("unauthorized", "draft_not_found", "draft_invalid", "field_locked"),
    summary="保存一步 Save a step",
)
def save_step(citizen: CurrentCitizen, lang: Lang, draft_id: DraftId, body: DraftStep) -> DraftOut:
    draft = owned_draft(citizen.id, draft_id)
    locked = locked_fields(drafts().form(draft), citizens().prefill(citizen.id)) & set(body.answers)
    if locked:
        raise ApiProblem("field_locked", errors={f: "locked" for f in sorted(locked)})
    answers = {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in body.answers.items()}
    try:
        saved = drafts().save_step(citizen.id, draft_id, answers, body.step)
    except DraftInvalid as invalid:
        raise ApiProblem("draft_invalid", errors=invalid.errors) from invalid
    except DraftNotFound as missing:
        raise ApiProblem("draft_not_found") from missing
    return draft_out(citizen.id, saved, lang)


@router.post(
    "/{draft_id}/handoff-code",
    status_code=201,
    response_model=HandoffCode,
    responses=problem_responses("unauthorized", "draft_not_found"),
    summary="换个设备继续 A code to continue elsewhere",
)
def handoff_code(citizen: CurrentCitizen, draft_id: DraftId) -> HandoffCode:
    owned_draft(citizen.id, draft_id)
    code = drafts().handoff_code(citizen.id, draft_id, audit=audit_log(), channel=CHANNEL)
    return HandoffCode(payload=code.payload, expires_at=code.expires_at)


@router.post(
    "/resume",
    response_model=DraftOut,
    responses=problem_responses(
        "unauthorized",
        "draft_not_found",
        "code_malformed",
        "code_bad_signature",
        "code_expired",
        "code_replayed",
        "code_foreign",
    ),
    summary="扫码继续草稿 Resume a draft by its handoff code",
)
def resume(citizen: CurrentCitizen, lang: Lang, body: ResumeRequest) -> DraftOut:
    try:
        verified = verify_code(body.code)
    except CodeError as refused:
        raise ApiProblem(f"code_{refused.code}") from refused
    if verified.kind != "draft":
        raise ApiProblem("scan_unrecognised")
    if verified.owner != citizen.id:
        raise ApiProblem("code_foreign")
    return draft_out(citizen.id, owned_draft(citizen.id, verified.subject), lang)
