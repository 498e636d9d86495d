"""The review workflow's handlers for pages that edit bundles and content blocks: one mixin
(save, send for review, approve, schedule, send back, publish now with a reason, confirm a
review) over core's ReviewWorkflow. Each page says which workflow, which key and what is on
screen; every handler asks who is calling first and core checks the role again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx
from pydantic import BaseModel
from reflex.event import EventSpec

from core.guide.editorial import DraftState, EditorialError, ReviewWorkflow
from core.identity.permissions import Permission, PermissionDenied, authorize
from core.services import audit_log
from editor.access import CHANNEL, Access, EditorAccess, editor_access, refusal
from editor.guide_editing import beijing_time, scheduled_label


@dataclass
class EntryRow:
    """One bundle or block being edited, for the list reviewers open drafts from."""

    key: str = ""
    status: str = ""
    flagged: bool = False


def check_caller(state: rx.State, permission: Permission) -> tuple[EditorAccess, bool]:
    """Who is calling (on every event): an editor, and the further permission of review
    actions. Sets the page's access and what the caller may do."""
    checked = editor_access(state)
    state.access = checked.status.value
    if checked.status is not Access.ALLOWED or checked.caller is None:
        return checked, False
    principal = checked.caller.principal
    state.can_review = principal.can(Permission.REVIEW_GUIDE)
    state.can_publish = principal.can(Permission.PUBLISH_GUIDE)
    if permission is not Permission.EDIT_GUIDE:
        try:
            authorize(principal, permission, audit_log(), CHANNEL)
        except PermissionDenied:
            state.error = "not_allowed"
            return checked, False
    return checked, True


def run_action(
    state: rx.State,
    permission: Permission,
    action: Callable[[], DraftState],
    notice: str,
    show: Callable[[DraftState], None],
) -> EventSpec | None:
    """One workflow step for an allowed caller; its refusal becomes the page's error code."""
    if not state._allowed(permission):
        return refusal(state.access)
    state.notice, state.error, state.problems = "", "", []
    try:
        show(action())
    except PermissionDenied:
        state.error = "not_allowed"
    except EditorialError as refused:
        state.error, state.problems = refused.code, list(refused.problems)
    else:
        state.notice = notice
    return None


class ReviewVars(rx.State, mixin=True):
    """What every review panel shows (guides, bundles, blocks)."""

    access: str = ""
    can_review: bool = False
    can_publish: bool = False
    status: str = ""  # "" while nothing is open (a new entry)
    version: int = 0
    published_version: int = 0
    author: str = ""
    flagged: bool = False
    publish_reason: str = ""
    scheduled_at: str = ""
    notice: str = ""
    error: str = ""
    problems: list[str] = []


class ReviewMixin(ReviewVars, mixin=True):
    entries: list[EntryRow] = []

    # what each page provides ------------------------------------------------------------
    def _workflow(self) -> ReviewWorkflow:
        raise NotImplementedError

    def _key(self) -> str:
        raise NotImplementedError

    def _on_screen(self) -> dict:
        raise NotImplementedError

    def _show_content(self, key: str, content: BaseModel) -> None:
        raise NotImplementedError

    # shared -----------------------------------------------------------------------------
    def _allowed(self, permission: Permission = Permission.EDIT_GUIDE) -> bool:
        checked, allowed = check_caller(self, permission)
        if checked.status is not Access.ALLOWED:
            self.entries = []
        return allowed

    def _principal(self):
        caller = editor_access(self).caller
        return caller.principal if caller else None

    def _list_entries(self) -> None:
        drafts = self._workflow().drafts()
        self.entries = [EntryRow(key, row.status, row.flagged) for key, row in sorted(drafts.items())]

    def _show_state(self, state: DraftState) -> None:
        self.status, self.version, self.author = state.status.value, state.version, state.author
        self.published_version, self.flagged = state.published_version, state.flagged
        self.publish_reason, self.scheduled_at = state.publish_reason, scheduled_label(state)
        self._show_content(state.key, state.content)

    def _clear_state(self) -> None:
        self.status, self.version, self.published_version, self.author = "", 0, 0, ""
        self.flagged, self.publish_reason, self.scheduled_at = False, "", ""

    def _open(self, key: str) -> None:
        self.notice, self.error, self.problems = "", "", []
        try:
            self._show_state(self._workflow().state(key))
        except EditorialError as refused:
            self.error = refused.code

    def _review(self, permission: Permission, action: Callable[[], DraftState], notice: str):
        answer = run_action(self, permission, action, notice, self._show_state)
        self._list_entries()
        return answer

    @rx.event
    def save_draft(self):
        key, content = self._key(), self._on_screen()
        flow = self._workflow()
        return self._review(
            Permission.EDIT_GUIDE, lambda: flow.save(self._principal(), key, content), "saved"
        )

    @rx.event
    def submit_review(self):
        key, flow = self._key(), self._workflow()
        return self._review(Permission.EDIT_GUIDE, lambda: flow.submit(self._principal(), key), "submitted")

    @rx.event
    def approve(self):
        key, flow = self._key(), self._workflow()
        return self._review(
            Permission.REVIEW_GUIDE, lambda: flow.approve(self._principal(), key), "published"
        )

    @rx.event
    def schedule(self, form_data: dict):
        when = beijing_time(str(form_data.get("publish_at", "")))
        key, flow = self._key(), self._workflow()
        if when is None:
            self.error = "bad_time"
            return None
        return self._review(
            Permission.REVIEW_GUIDE,
            lambda: flow.approve(self._principal(), key, publish_at=when),
            "scheduled",
        )

    @rx.event
    def send_back(self):
        key, flow = self._key(), self._workflow()
        return self._review(
            Permission.REVIEW_GUIDE, lambda: flow.send_back(self._principal(), key), "sent_back"
        )

    @rx.event
    def publish_now(self, form_data: dict):
        """Publishes what is on screen: saved as a new version first if it changed."""
        reason = str(form_data.get("reason", ""))[:500]
        key, content, flow = self._key(), self._on_screen(), self._workflow()
        return self._review(
            Permission.PUBLISH_GUIDE,
            lambda: flow.publish_now(self._principal(), key, reason, content),
            "published",
        )

    @rx.event
    def confirm_review(self):
        key, flow = self._key(), self._workflow()
        return self._review(
            Permission.REVIEW_GUIDE, lambda: flow.confirm_review(self._principal(), key), "reviewed"
        )
