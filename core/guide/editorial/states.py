"""Where the editing of a guide, bundle or block stands, as the workflow reports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from core.clock import as_utc
from core.guide.editorial.records import EditorialDraftRecord, EditorialVersionRecord


class GuideStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


@dataclass(frozen=True)
class VersionInfo:
    number: int
    author: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class DraftState:
    key: str
    status: GuideStatus
    version: int
    published_version: int
    author: str
    submitted_by: str
    published_by: str
    flagged: bool
    publish_reason: str
    scheduled_at: datetime | None
    reviewed_at: datetime | None
    content: BaseModel

    @property
    def item_code(self) -> str:
        return self.key

    @property
    def text(self):  # a guide's GuideText
        return self.content


def draft_state(
    draft: EditorialDraftRecord, newest: EditorialVersionRecord, content: BaseModel
) -> DraftState:
    return DraftState(
        key=draft.key,
        status=GuideStatus(draft.status),
        version=draft.version,
        published_version=draft.published_version,
        author=newest.author,
        submitted_by=draft.submitted_by,
        published_by=draft.published_by,
        flagged=draft.flagged,
        publish_reason=draft.publish_reason,
        scheduled_at=as_utc(draft.scheduled_at) if draft.scheduled_at else None,
        reviewed_at=as_utc(draft.reviewed_at) if draft.reviewed_at else None,
        content=content,
    )
