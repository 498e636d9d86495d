"""Notifications: the status changes of my applications, polled with a cursor."""

from __future__ import annotations

from core.applications.applicant_view import ApplicantView
from core.db import get_engine
from core.settings import get_settings
from mobile_api.auth import CurrentCitizen
from mobile_api.language import Lang
from mobile_api.pagination import CursorParam, LimitParam, decode_cursor, encode_cursor
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routing import CompactRouter
from mobile_api.schemas_applications import Notification, NotificationPage
from mobile_api.status_labels import status_label

router = CompactRouter(tags=["notifications"])


def applicant_view() -> ApplicantView:
    return ApplicantView(get_engine(get_settings().database_url))


def _after(cursor: str) -> int:
    position = decode_cursor(cursor) if cursor else "0"
    if not position.isdigit():
        raise ApiProblem("invalid_request", errors={"cursor": "invalid"})
    return int(position)


@router.get(
    "/notifications",
    response_model=NotificationPage,
    responses=problem_responses("unauthorized"),
    summary="消息：办理进度变化 Status changes",
)
def notifications(
    citizen: CurrentCitizen, lang: Lang, cursor: CursorParam = "", limit: LimitParam = 20
) -> NotificationPage:
    after = _after(cursor)
    changes = applicant_view().status_changes(citizen.id, after_id=after, limit=limit)
    last = changes[-1].id if changes else after
    return NotificationPage(
        notifications=[
            Notification(
                id=c.id,
                application_id=c.application_id,
                receipt_no=c.receipt_no,
                status=c.status,
                label=status_label(c.status, lang),
                at=c.at,
            )
            for c in changes
        ],
        next_cursor=encode_cursor(str(last)),
    )
