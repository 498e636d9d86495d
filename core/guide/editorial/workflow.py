"""The review workflow for everything citizens read (guides, bundles, content blocks):
draft -> in review -> published (now, or scheduled); a second person approves; "publish now"
needs a reason, publishes what the editor has on screen and stays flagged until someone
reviews it; every version is kept and can be restored. Every action checks its permission
and is audited as `<kind>.<action>`. Citizens see the last published content until then."""

from __future__ import annotations

import difflib
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog
from core.clock import Clock, as_utc, system_clock
from core.guide.editorial.errors import EditorialError
from core.guide.editorial.records import EditorialDraftRecord, EditorialVersionRecord
from core.guide.editorial.states import DraftState, GuideStatus, VersionInfo, draft_state
from core.guide.editorial.subjects import Subject
from core.identity.permissions import Permission, StaffPrincipal, authorize

CHANNEL = "editor"
REASON_MIN, REASON_MAX = 10, 500
AUDIT_NAMES = {"guide": "item"}  # guides were audited by item code before bundles and blocks


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise EditorialError("reason_needed")
    return reason


class ReviewWorkflow:
    """One subject's workflow; rows are told apart by the subject's kind."""

    def __init__(
        self, engine: Engine, subject: Subject, audit: AuditLog, clock: Clock = system_clock
    ) -> None:
        self._engine, self._subject, self._audit, self._clock = engine, subject, audit, clock
        self.kind = subject.kind

    # reading ------------------------------------------------------------------------------
    def state(self, key: str) -> DraftState:
        with Session(self._engine) as session:
            draft = session.get(EditorialDraftRecord, (self.kind, key))
            newest = self._version(session, key, draft.version) if draft else None
            if draft is not None and newest is not None:
                return draft_state(draft, newest, self._read(newest.content))
        published = self._subject.published(key)
        if published is None:
            raise EditorialError("not_found")
        return DraftState(key, GuideStatus.PUBLISHED, 0, 0, "", "", "", False, "", None, None, published)

    def versions(self, key: str) -> list[VersionInfo]:
        with Session(self._engine) as session:
            rows = session.exec(
                select(EditorialVersionRecord)
                .where(EditorialVersionRecord.kind == self.kind, EditorialVersionRecord.key == key)
                .order_by(EditorialVersionRecord.number.desc())
            )
            return [VersionInfo(r.number, r.author, r.note, as_utc(r.created_at)) for r in rows]

    def version_content(self, key: str, number: int) -> BaseModel:
        with Session(self._engine) as session:
            row = self._version(session, key, number)
        if row is not None:
            return self._read(row.content)
        published = self._subject.published(key) if number == 0 else None
        if published is None:
            raise EditorialError("unknown_version")
        return published

    def diff(self, key: str, old: int, new: int) -> list[str]:
        """A unified diff, one labelled line per text (version 0 = as published before editing)."""
        before, after = (_lines(self.version_content(key, n)) for n in (old, new))
        return list(difflib.unified_diff(before, after, f"v{old}", f"v{new}", lineterm="", n=1))

    def drafts(self) -> dict[str, EditorialDraftRecord]:
        with Session(self._engine) as session:
            rows = session.exec(select(EditorialDraftRecord).where(EditorialDraftRecord.kind == self.kind))
            return {row.key: row for row in rows}

    # writing ------------------------------------------------------------------------------
    def save(
        self, principal: StaffPrincipal | None, key: str, raw: BaseModel | dict, note: str = ""
    ) -> DraftState:
        who = authorize(principal, Permission.EDIT_GUIDE, self._audit, CHANNEL)
        return self._save(who, key, self._subject.parse(key, raw), note)

    def _save(self, who: StaffPrincipal, key: str, content: BaseModel, note: str) -> DraftState:
        before = self._subject.published(key)
        with Session(self._engine) as session:
            draft = session.get(EditorialDraftRecord, (self.kind, key))
            if draft is None:
                draft = EditorialDraftRecord(kind=self.kind, key=key, status=GuideStatus.DRAFT)
                if before is not None:  # keep the content as it stood before editing began, as v0
                    session.add(self._new_version(key, 0, "", "before editing", before))
            if draft.status == GuideStatus.SCHEDULED:
                draft.scheduled_at = None  # a new edit cancels a scheduled publication
            draft.version += 1
            draft.status, draft.submitted_by, draft.updated_at = GuideStatus.DRAFT, "", self._clock()
            session.add(draft)
            session.add(self._new_version(key, draft.version, who.username, note[:200], content))
            session.commit()
            version = draft.version
        self._record("save", who.username, key, version=version)
        return self.state(key)

    def restore(self, principal: StaffPrincipal | None, key: str, number: int) -> DraftState:
        state = self.save(principal, key, self.version_content(key, number), note=f"restored v{number}")
        self._record("restore", state.author, key, version=number)
        return state

    def submit(self, principal: StaffPrincipal | None, key: str) -> DraftState:
        who = authorize(principal, Permission.EDIT_GUIDE, self._audit, CHANNEL)
        self._move(key, (GuideStatus.DRAFT,), status=GuideStatus.IN_REVIEW, submitted_by=who.username)
        self._record("submit", who.username, key)
        return self.state(key)

    def send_back(self, principal: StaffPrincipal | None, key: str) -> DraftState:
        who = authorize(principal, Permission.REVIEW_GUIDE, self._audit, CHANNEL)
        waiting = (GuideStatus.IN_REVIEW, GuideStatus.SCHEDULED)
        self._move(key, waiting, status=GuideStatus.DRAFT, scheduled_at=None)
        self._record("send_back", who.username, key)
        return self.state(key)

    def approve(
        self, principal: StaffPrincipal | None, key: str, publish_at: datetime | None = None
    ) -> DraftState:
        """A second person approves: published now, or at `publish_at` by the publisher worker."""
        who = authorize(principal, Permission.REVIEW_GUIDE, self._audit, CHANNEL)
        state = self.state(key)
        if state.status is not GuideStatus.IN_REVIEW:
            raise EditorialError("wrong_status")
        self._refuse_own_work(who, state, "approve")
        now = self._clock()
        if publish_at is not None and as_utc(publish_at) <= now:
            raise EditorialError("bad_time")
        changes = dict(reviewed_at=now, flagged=False, publish_reason="", published_by=who.username)
        if publish_at is None:
            self._move(key, (GuideStatus.IN_REVIEW,), **changes)
            self._publish(key, who.username, "approve")
            return self.state(key)
        at = as_utc(publish_at)
        self._move(key, (GuideStatus.IN_REVIEW,), status=GuideStatus.SCHEDULED, scheduled_at=at, **changes)
        self._record("schedule", who.username, key, at=at.isoformat())
        return self.state(key)

    def publish_now(
        self,
        principal: StaffPrincipal | None,
        key: str,
        reason: str,
        on_screen: BaseModel | dict | None = None,
    ) -> DraftState:
        """Publishing without review: needs a reason and stays flagged until reviewed. What the
        editor has on screen (`on_screen`) is saved as a new version first when it differs from
        the newest version, so exactly what they see is published (as Wagtail's Publish does)."""
        who = authorize(principal, Permission.PUBLISH_GUIDE, self._audit, CHANNEL)
        reason = _reason(reason)
        content = None if on_screen is None else self._subject.parse(key, on_screen)
        if content is not None and self._differs(key, content):  # publishing allows saving it
            self._save(who, key, content, note="published now")
        editing = (GuideStatus.DRAFT, GuideStatus.IN_REVIEW, GuideStatus.SCHEDULED)
        flag = dict(flagged=True, publish_reason=reason, published_by=who.username, scheduled_at=None)
        self._move(key, editing, **flag)
        self._publish(key, who.username, "publish_now", reason=reason)
        return self.state(key)

    def confirm_review(self, principal: StaffPrincipal | None, key: str) -> DraftState:
        """Review after an unreviewed publication, by someone who neither wrote nor published it."""
        who = authorize(principal, Permission.REVIEW_GUIDE, self._audit, CHANNEL)
        state = self.state(key)
        if not state.flagged:
            raise EditorialError("wrong_status")
        self._refuse_own_work(who, state, "confirm_review")
        self._move(key, (GuideStatus.PUBLISHED,), flagged=False, reviewed_at=self._clock())
        self._record("review_after", who.username, key)
        return self.state(key)

    def publish_due(self) -> list[str]:
        """Publish everything scheduled whose time has come (run by the publisher worker)."""
        with Session(self._engine) as session:
            due = session.exec(
                select(EditorialDraftRecord).where(
                    EditorialDraftRecord.kind == self.kind,
                    EditorialDraftRecord.status == GuideStatus.SCHEDULED,
                    EditorialDraftRecord.scheduled_at <= self._clock(),
                )
            ).all()
            keys = [(row.key, row.published_by) for row in due]
        for key, reviewer in keys:
            self._publish(key, reviewer, "publish_scheduled")
        return [key for key, _ in keys]

    # helpers ------------------------------------------------------------------------------
    def _read(self, stored: dict) -> BaseModel:
        """A stored version as it was saved (checked then; not checked again to be read)."""
        return self._subject.model.model_validate(stored)

    def _differs(self, key: str, content: BaseModel) -> bool:
        with Session(self._engine) as session:
            draft = session.get(EditorialDraftRecord, (self.kind, key))
            newest = self._version(session, key, draft.version) if draft else None
        return newest is None or self._read(newest.content) != content

    def _publish(self, key: str, actor: str, action: str, **detail: str) -> None:
        with Session(self._engine) as session:
            draft = session.get(EditorialDraftRecord, (self.kind, key))
            newest = self._version(session, key, draft.version) if draft else None
            if draft is None or newest is None:
                raise EditorialError("not_found")
            version = draft.version
            note = f"{self.kind} {key} v{version} by {actor}"
            self._subject.publish(key, self._read(newest.content), actor, note)
            draft.status, draft.published_version = GuideStatus.PUBLISHED, version
            draft.scheduled_at, draft.updated_at = None, self._clock()
            session.add(draft)
            session.commit()
        self._record(action, actor, key, version=version, **detail)

    def _move(self, key: str, allowed: tuple[GuideStatus, ...], **changes) -> None:
        with Session(self._engine) as session:
            draft = session.get(EditorialDraftRecord, (self.kind, key))
            if draft is None:
                raise EditorialError("not_found")
            if draft.status not in allowed:
                raise EditorialError("wrong_status")
            for name, value in (changes | {"updated_at": self._clock()}).items():
                setattr(draft, name, value)
            session.add(draft)
            session.commit()

    def _record(self, action: str, actor: str, key: str, **detail) -> None:
        subject = {AUDIT_NAMES.get(self.kind, self.kind): key}
        self._audit.record(f"{self.kind}.{action}", "ok", actor=actor, channel=CHANNEL, **subject, **detail)

    def _refuse_own_work(self, who: StaffPrincipal, state: DraftState, action: str) -> None:
        authors = {state.author, state.submitted_by} | ({state.published_by} if state.flagged else set())
        if who.username in authors - {""}:
            self._audit.record(
                f"{self.kind}.{action}",
                "refused",
                actor=who.username,
                channel=CHANNEL,
                reason="same_person",
                **{AUDIT_NAMES.get(self.kind, self.kind): state.key},
            )
            raise EditorialError("same_person")

    def _new_version(self, key: str, number: int, author: str, note: str, content: BaseModel):
        return EditorialVersionRecord(
            kind=self.kind,
            key=key,
            number=number,
            author=author,
            note=note,
            content=content.model_dump(mode="json"),
            created_at=self._clock(),
        )

    def _version(self, session: Session, key: str, number: int) -> EditorialVersionRecord | None:
        return session.exec(
            select(EditorialVersionRecord).where(
                EditorialVersionRecord.kind == self.kind,
                EditorialVersionRecord.key == key,
                EditorialVersionRecord.number == number,
            )
        ).first()


def _lines(content: BaseModel) -> list[str]:
    """One labelled line per text, for readable diffs (guides label their own lines)."""
    if hasattr(content, "lines"):
        return content.lines()
    return [f"{name}: {value}" for name, value in content.model_dump(mode="json").items()]
