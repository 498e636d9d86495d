"""The guide workflow: draft -> in review -> published (now, or scheduled), a second person
approves, "publish now" needs a reason and stays flagged until someone reviews it, every
version is kept and can be restored. Every action checks its permission and is audited."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog
from core.clock import Clock, as_utc, system_clock
from core.guide.blocks import placeholders
from core.guide.editorial.records import GuideDraftRecord, GuideVersionRecord
from core.guide.editorial.texts import GuideText, apply_text, text_of
from core.guide.models import Item
from core.guide.repository import CatalogueRepository
from core.identity.permissions import Permission, StaffPrincipal, authorize

CHANNEL = "editor"
REASON_MIN, REASON_MAX = 10, 500


class GuideStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


class EditorialError(Exception):
    """`code`: not_found, invalid, unknown_block, wrong_status, same_person, reason_needed,
    bad_time, unknown_version, bad_slug. `problems` names invalid fields."""

    def __init__(self, code: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(code)
        self.code, self.problems = code, problems


@dataclass(frozen=True)
class VersionInfo:
    number: int
    author: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class DraftState:
    item_code: str
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
    text: GuideText


def parse_text(raw: GuideText | dict) -> GuideText:
    if isinstance(raw, GuideText):
        return raw
    try:
        return GuideText.model_validate(raw)
    except ValidationError as invalid:
        fields = tuple(".".join(str(p) for p in error["loc"]) for error in invalid.errors())
        raise EditorialError("invalid", fields) from invalid


class Editorial:
    def __init__(
        self,
        engine: Engine,
        repository: CatalogueRepository,
        audit: AuditLog,
        known_blocks=lambda: {},
        clock: Clock = system_clock,
    ) -> None:
        self._engine, self._repository, self._audit = engine, repository, audit
        self._known_blocks, self._clock = known_blocks, clock

    # reading ------------------------------------------------------------------------------
    def published_item(self, code: str) -> Item:
        item = self._repository.load().find_item(code)
        if item is None:
            raise EditorialError("not_found")
        return item

    def state(self, code: str) -> DraftState:
        item = self.published_item(code)
        with Session(self._engine) as session:
            draft = session.get(GuideDraftRecord, code)
            newest = self._version(session, code, draft.version) if draft else None
            if draft is None or newest is None:
                return DraftState(
                    code, GuideStatus.PUBLISHED, 0, 0, "", "", "", False, "", None, None, text_of(item)
                )
            return _state(draft, newest)

    def versions(self, code: str) -> list[VersionInfo]:
        with Session(self._engine) as session:
            rows = session.exec(
                select(GuideVersionRecord)
                .where(GuideVersionRecord.item_code == code)
                .order_by(GuideVersionRecord.number.desc())
            )
            return [VersionInfo(r.number, r.author, r.note, as_utc(r.created_at)) for r in rows]

    def version_text(self, code: str, number: int) -> GuideText:
        with Session(self._engine) as session:
            row = self._version(session, code, number)
            if row is None and number == 0:
                return text_of(self.published_item(code))
            if row is None:
                raise EditorialError("unknown_version")
            return GuideText.model_validate(row.content)

    def diff(self, code: str, old: int, new: int) -> list[str]:
        """A unified diff, one labelled line per text (version 0 = as published before editing)."""
        before, after = self.version_text(code, old).lines(), self.version_text(code, new).lines()
        return list(difflib.unified_diff(before, after, f"v{old}", f"v{new}", lineterm="", n=1))

    def drafts(self) -> dict[str, GuideDraftRecord]:
        with Session(self._engine) as session:
            return {row.item_code: row for row in session.exec(select(GuideDraftRecord))}

    # writing ------------------------------------------------------------------------------
    def save(
        self, principal: StaffPrincipal | None, code: str, raw: GuideText | dict, note: str = ""
    ) -> DraftState:
        who = self._allow(principal, Permission.EDIT_GUIDE, "save", code)
        text = parse_text(raw)
        unknown = sorted({slug for t in text.lines() for slug in placeholders(t)} - set(self._known_blocks()))
        if unknown:
            raise EditorialError("unknown_block", tuple(unknown))
        published = self.published_item(code)
        with Session(self._engine) as session:
            draft = session.get(GuideDraftRecord, code)
            if draft is None:  # keep the text as it stood before editing began, as version 0
                draft = GuideDraftRecord(item_code=code, status="draft")
                session.add(
                    GuideVersionRecord(
                        item_code=code,
                        number=0,
                        author="",
                        note="before editing",
                        content=text_of(published).model_dump(mode="json"),
                        created_at=self._clock(),
                    )
                )
            if draft.status == GuideStatus.SCHEDULED:
                draft.scheduled_at = None  # a new edit cancels a scheduled publication
            draft.version += 1
            draft.status, draft.submitted_by, draft.updated_at = GuideStatus.DRAFT, "", self._clock()
            session.add(draft)
            session.add(
                GuideVersionRecord(
                    item_code=code,
                    number=draft.version,
                    author=who.username,
                    note=note[:200],
                    content=text.model_dump(mode="json"),
                    created_at=self._clock(),
                )
            )
            session.commit()
            version = draft.version
        self._audit.record(
            "guide.save", "ok", actor=who.username, channel=CHANNEL, item=code, version=version
        )
        return self.state(code)

    def restore(self, principal: StaffPrincipal | None, code: str, number: int) -> DraftState:
        text = self.version_text(code, number)
        state = self.save(principal, code, text, note=f"restored v{number}")
        self._audit.record(
            "guide.restore", "ok", actor=state.author, channel=CHANNEL, item=code, version=number
        )
        return state

    def submit(self, principal: StaffPrincipal | None, code: str) -> DraftState:
        who = self._allow(principal, Permission.EDIT_GUIDE, "submit", code)
        with Session(self._engine) as session:
            draft = self._draft(session, code, GuideStatus.DRAFT)
            draft.status, draft.submitted_by, draft.updated_at = (
                GuideStatus.IN_REVIEW,
                who.username,
                self._clock(),
            )
            session.add(draft)
            session.commit()
        self._audit.record("guide.submit", "ok", actor=who.username, channel=CHANNEL, item=code)
        return self.state(code)

    def send_back(self, principal: StaffPrincipal | None, code: str) -> DraftState:
        who = self._allow(principal, Permission.REVIEW_GUIDE, "send_back", code)
        with Session(self._engine) as session:
            draft = self._draft(session, code, GuideStatus.IN_REVIEW, GuideStatus.SCHEDULED)
            draft.status, draft.scheduled_at, draft.updated_at = GuideStatus.DRAFT, None, self._clock()
            session.add(draft)
            session.commit()
        self._audit.record("guide.send_back", "ok", actor=who.username, channel=CHANNEL, item=code)
        return self.state(code)

    def approve(
        self, principal: StaffPrincipal | None, code: str, publish_at: datetime | None = None
    ) -> DraftState:
        """A second person approves: published now, or at `publish_at` by the publisher worker."""
        who = self._allow(principal, Permission.REVIEW_GUIDE, "approve", code)
        state = self.state(code)
        if state.status is not GuideStatus.IN_REVIEW:
            raise EditorialError("wrong_status")
        self._refuse_own_work(who, state, "approve")
        now = self._clock()
        if publish_at is not None and as_utc(publish_at) <= now:
            raise EditorialError("bad_time")
        with Session(self._engine) as session:
            draft = self._draft(session, code, GuideStatus.IN_REVIEW)
            draft.reviewed_at, draft.flagged, draft.publish_reason = now, False, ""
            draft.published_by = who.username
            if publish_at is not None:
                draft.status, draft.scheduled_at = GuideStatus.SCHEDULED, as_utc(publish_at)
            session.add(draft)
            session.commit()
        if publish_at is not None:
            self._audit.record(
                "guide.schedule",
                "ok",
                actor=who.username,
                channel=CHANNEL,
                item=code,
                at=as_utc(publish_at).isoformat(),
            )
            return self.state(code)
        self._publish(code, who.username, "guide.approve")
        return self.state(code)

    def publish_now(self, principal: StaffPrincipal | None, code: str, reason: str) -> DraftState:
        """Publishing without review: needs a reason, and stays flagged until reviewed."""
        who = self._allow(principal, Permission.PUBLISH_GUIDE, "publish_now", code)
        reason = " ".join((reason or "").split())
        if not REASON_MIN <= len(reason) <= REASON_MAX:
            raise EditorialError("reason_needed")
        with Session(self._engine) as session:
            draft = self._draft(
                session, code, GuideStatus.DRAFT, GuideStatus.IN_REVIEW, GuideStatus.SCHEDULED
            )
            draft.flagged, draft.publish_reason, draft.published_by = True, reason, who.username
            draft.scheduled_at = None
            session.add(draft)
            session.commit()
        self._publish(code, who.username, "guide.publish_now", reason=reason)
        return self.state(code)

    def confirm_review(self, principal: StaffPrincipal | None, code: str) -> DraftState:
        """Review after an unreviewed publication, by someone who neither wrote nor published it."""
        who = self._allow(principal, Permission.REVIEW_GUIDE, "confirm_review", code)
        state = self.state(code)
        if not state.flagged:
            raise EditorialError("wrong_status")
        self._refuse_own_work(who, state, "confirm_review")
        with Session(self._engine) as session:
            draft = self._draft(session, code, GuideStatus.PUBLISHED)
            draft.flagged, draft.reviewed_at = False, self._clock()
            session.add(draft)
            session.commit()
        self._audit.record("guide.review_after", "ok", actor=who.username, channel=CHANNEL, item=code)
        return self.state(code)

    def publish_due(self) -> list[str]:
        """Publish every scheduled guide whose time has come (run by the publisher worker)."""
        now, published = self._clock(), []
        with Session(self._engine) as session:
            due = session.exec(
                select(GuideDraftRecord).where(
                    GuideDraftRecord.status == GuideStatus.SCHEDULED, GuideDraftRecord.scheduled_at <= now
                )
            ).all()
            codes = [(row.item_code, row.published_by) for row in due]
        for code, reviewer in codes:
            self._publish(code, reviewer, "guide.publish_scheduled")
            published.append(code)
        return published

    # helpers ------------------------------------------------------------------------------
    def _publish(self, code: str, actor: str, action: str, **detail: str) -> None:
        with Session(self._engine) as session:
            draft = session.get(GuideDraftRecord, code)
            newest = self._version(session, code, draft.version) if draft else None
            if draft is None or newest is None:
                raise EditorialError("not_found")
            item = apply_text(self.published_item(code), GuideText.model_validate(newest.content))
            draft.status, draft.published_version = GuideStatus.PUBLISHED, draft.version
            draft.scheduled_at, draft.updated_at = None, self._clock()
            session.add(draft)
            session.commit()
            version = draft.version
        self._repository.add_items([item], note=f"guide {code} v{version} by {actor}")
        self._audit.record(action, "ok", actor=actor, channel=CHANNEL, item=code, version=version, **detail)

    def _allow(self, principal: StaffPrincipal | None, permission: Permission, action: str, code: str):
        return authorize(principal, permission, self._audit, CHANNEL)

    def _refuse_own_work(self, who: StaffPrincipal, state: DraftState, action: str) -> None:
        authors = {state.author, state.submitted_by} | ({state.published_by} if state.flagged else set())
        if who.username in authors - {""}:
            self._audit.record(
                f"guide.{action}",
                "refused",
                actor=who.username,
                channel=CHANNEL,
                item=state.item_code,
                reason="same_person",
            )
            raise EditorialError("same_person")

    @staticmethod
    def _version(session: Session, code: str, number: int) -> GuideVersionRecord | None:
        return session.exec(
            select(GuideVersionRecord).where(
                GuideVersionRecord.item_code == code, GuideVersionRecord.number == number
            )
        ).first()

    @staticmethod
    def _draft(session: Session, code: str, *allowed: GuideStatus) -> GuideDraftRecord:
        draft = session.get(GuideDraftRecord, code)
        if draft is None:
            raise EditorialError("not_found")
        if draft.status not in allowed:
            raise EditorialError("wrong_status")
        return draft


def _state(draft: GuideDraftRecord, newest: GuideVersionRecord) -> DraftState:
    return DraftState(
        item_code=draft.item_code,
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
        text=GuideText.model_validate(newest.content),
    )
