"""Submitting a draft (idempotent), my applications, their status timeline, receipt and rating."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path
from fastapi.responses import JSONResponse

from core.applications.drafts import DraftNotFound
from core.applications.ratings import RatingRefused
from core.applications.submission import Receipt, SubmissionError
from core.identity.codes import issue_receipt_code
from core.services import audit_log, ratings, submissions
from mobile_api.application_views import event_out, receipt_out
from mobile_api.auth import CurrentCitizen
from mobile_api.language import Lang
from mobile_api.pagination import CursorParam, LimitParam, page_after
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routes.drafts import CHANNEL, DraftId
from mobile_api.routing import CompactRouter
from mobile_api.schemas_applications import (
    ApplicationList,
    ApplicationSummary,
    RatingIn,
    RatingOut,
    ReceiptCode,
    ReceiptOut,
    Timeline,
)
from mobile_api.status_labels import status_label

router = CompactRouter(tags=["applications"])
ApplicationId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="application id")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=64,
        description="1–64 characters chosen by the phone per submission; a retry with the same key "
        "and answers returns the first response",
    ),
]


@router.post(
    "/drafts/{draft_id}/submission",
    status_code=201,
    response_model=ReceiptOut,
    responses=problem_responses(
        "unauthorized",
        "draft_not_found",
        "incomplete",
        "idempotency_key_required",
        "idempotency_conflict",
        "in_progress",
    ),
    summary="提交申请 Submit (idempotent)",
)
def submit(
    citizen: CurrentCitizen, lang: Lang, draft_id: DraftId, key: IdempotencyKey = None
) -> JSONResponse:
    if not key or not key.strip():
        raise ApiProblem("idempotency_key_required")
    try:
        receipt = submissions().submit(citizen.id, draft_id, key, channel=CHANNEL)
    except DraftNotFound as missing:
        raise ApiProblem("draft_not_found") from missing
    except SubmissionError as refused:
        raise ApiProblem(refused.code, errors=refused.errors or None) from refused
    body = receipt_out(receipt, lang).model_dump(mode="json", exclude_none=True)
    return JSONResponse(
        body, status_code=201, headers={"Idempotent-Replayed": "true" if receipt.replayed else "false"}
    )


def _receipt(owner_id: str, application_id: str) -> Receipt:
    try:
        return submissions().receipt(owner_id, application_id)
    except DraftNotFound as missing:
        raise ApiProblem("application_not_found") from missing


def _latest_status(owner_id: str, application_id: str) -> str:
    events = submissions().timeline(owner_id, application_id)
    return events[-1].status if events else "submitted"


@router.get(
    "/applications",
    response_model=ApplicationList,
    responses=problem_responses("unauthorized"),
    summary="我的申请 My applications",
)
def my_applications(
    citizen: CurrentCitizen, lang: Lang, cursor: CursorParam = "", limit: LimitParam = 20
) -> ApplicationList:
    chunk, page = page_after(submissions().mine(citizen.id), lambda r: r.application_id, cursor, limit)
    summaries = []
    for r in chunk:
        status = _latest_status(citizen.id, r.application_id)
        out = receipt_out(r, lang)
        summaries.append(
            ApplicationSummary(
                id=r.application_id,
                receipt_no=r.receipt_no,
                title=out.title,
                submitted_at=r.submitted_at,
                status=status,
                label=status_label(status, lang),
            )
        )
    return ApplicationList(applications=summaries, page=page)


@router.get(
    "/applications/{application_id}",
    response_model=ReceiptOut,
    responses=problem_responses("unauthorized", "application_not_found"),
    summary="回执 The receipt",
)
def receipt(citizen: CurrentCitizen, lang: Lang, application_id: ApplicationId) -> ReceiptOut:
    return receipt_out(_receipt(citizen.id, application_id), lang)


@router.get(
    "/applications/{application_id}/timeline",
    response_model=Timeline,
    responses=problem_responses("unauthorized", "application_not_found"),
    summary="办理进度 Status timeline",
)
def timeline(citizen: CurrentCitizen, lang: Lang, application_id: ApplicationId) -> Timeline:
    _receipt(citizen.id, application_id)
    events = submissions().timeline(citizen.id, application_id)
    return Timeline(application_id=application_id, events=[event_out(e, lang) for e in events])


@router.post(
    "/applications/{application_id}/receipt-code",
    status_code=201,
    response_model=ReceiptCode,
    responses=problem_responses("unauthorized", "application_not_found"),
    summary="回执二维码 A QR code to look up the status",
)
def receipt_code(citizen: CurrentCitizen, application_id: ApplicationId) -> ReceiptCode:
    found = _receipt(citizen.id, application_id)
    code = issue_receipt_code(found.receipt_no, audit=audit_log(), channel=CHANNEL)
    return ReceiptCode(payload=code.payload, expires_at=code.expires_at)


@router.post(
    "/applications/{application_id}/rating",
    status_code=201,
    response_model=RatingOut,
    responses=problem_responses(
        "unauthorized", "application_not_found", "not_decided", "already_rated", "rating_level"
    ),
    summary="好差评 Rate the service",
)
def rate(citizen: CurrentCitizen, application_id: ApplicationId, body: RatingIn) -> RatingOut:
    try:
        record = ratings().rate(citizen.id, application_id, body.level, body.comment, channel=CHANNEL)
    except DraftNotFound as missing:
        raise ApiProblem("application_not_found") from missing
    except RatingRefused as refused:
        raise ApiProblem("rating_level" if refused.code == "level" else refused.code) from refused
    return RatingOut(level=record.level, comment=record.comment)
