"""Editing one item's plain-language guide: Chinese and English side by side, the checker
running as the editor types (debounced), drafts saved as versions, review and publishing.

Every handler asks who is calling first; core checks the role again for each action."""

from __future__ import annotations

import reflex as rx

from core.guide.editorial import EditorialError
from core.identity.permissions import Permission
from core.services import editorial
from editor.access import Access, editor_access, expiry_ms, refusal
from editor.guide_components import editor_body
from editor.guide_editing import (
    FaqEdit,
    FindingView,
    MaterialEdit,
    PenaltyView,
    ScenarioEdit,
    VersionView,
    beijing_time,
    check_fields,
    faq_edits,
    material_edits,
    scenario_edits,
    scheduled_label,
    text_payload,
    unchecked_text,
    version_views,
)
from editor.registry import editor_page
from editor.review import ReviewVars, check_caller, run_action
from shared_ui.session import route_arg

SIMPLE_FIELDS = ("plain_name", "plain_name_en", "summary", "summary_en", "steps", "steps_en")
SCENARIO_KEYS = ("name", "name_en", "conditions")
FAQ_KEYS = ("question", "answer", "question_en", "answer_en")


class GuideEditorState(ReviewVars, rx.State):
    me: str = ""
    code: str = ""
    official_name: str = ""
    plain_name: str = ""
    plain_name_en: str = ""
    summary: str = ""
    summary_en: str = ""
    steps: str = ""
    steps_en: str = ""
    scenarios: list[ScenarioEdit] = []
    materials: list[MaterialEdit] = []
    faqs: list[FaqEdit] = []
    score: int = 100
    findings: list[FindingView] = []
    penalties: list[PenaltyView] = []
    versions: list[VersionView] = []
    diff_lines: list[str] = []
    diff_title: str = ""
    expires_at_ms: int = 0

    # who is calling ---------------------------------------------------------------------
    def _forget(self) -> None:
        self.code, self.summary, self.summary_en, self.plain_name, self.plain_name_en = "", "", "", "", ""
        self.steps, self.steps_en, self.scenarios, self.materials, self.faqs = "", "", [], [], []
        self.findings, self.penalties, self.versions, self.diff_lines = [], [], [], []

    def _allowed(self, permission: Permission = Permission.EDIT_GUIDE) -> bool:
        """Editors only (checked on every event); a further permission for review actions."""
        checked, allowed = check_caller(self, permission)
        self.expires_at_ms = expiry_ms(checked)
        if checked.status is not Access.ALLOWED or checked.caller is None:
            self._forget()
            return False
        self.me = checked.caller.principal.username
        return allowed

    def _principal(self):
        caller = editor_access(self).caller
        return caller.principal if caller else None

    # loading and checking ---------------------------------------------------------------
    def _payload(self) -> dict:
        simple = {name: getattr(self, name) for name in SIMPLE_FIELDS}
        return text_payload(simple, self.scenarios, self.materials, self.faqs)

    def _recheck(self) -> None:
        check = check_fields(unchecked_text(self._payload()).chinese_fields())
        self.score, self.findings, self.penalties = check.score, check.findings, check.penalties

    def _show(self, state) -> None:
        text = state.text
        self.status, self.version, self.author = state.status.value, state.version, state.author
        self.published_version, self.flagged = state.published_version, state.flagged
        self.publish_reason, self.scheduled_at = state.publish_reason, scheduled_label(state)
        self.plain_name, self.plain_name_en = text.plain_name, text.plain_name_en
        self.summary, self.summary_en = text.summary, text.summary_en
        self.steps, self.steps_en = "\n".join(text.steps), "\n".join(text.steps_en)
        self.scenarios, self.materials = scenario_edits(text), material_edits(text)
        self.faqs = faq_edits(text)
        self.versions = version_views(editorial().versions(state.item_code))
        self._recheck()

    @rx.event
    def load_guide(self):
        if not self._allowed():
            return refusal(self.access)
        self.code = route_arg(self, "code")[:12]
        self.notice, self.error, self.problems, self.diff_lines = "", "", [], []
        try:
            published = editorial().published_item(self.code)
        except EditorialError:
            self.error, self.code = "not_found", ""
            return None
        self.official_name = published.name
        self._show(editorial().state(self.code))
        return None

    # typing -----------------------------------------------------------------------------
    @rx.event
    def set_text(self, field: str, value: str):
        if not self._allowed():
            return refusal(self.access)
        if field in SIMPLE_FIELDS:
            setattr(self, field, str(value)[:4000])
            self._recheck()
        return None

    @rx.event
    def set_scenario(self, index: int, key: str, value: str):
        if not self._allowed():
            return refusal(self.access)
        if key in SCENARIO_KEYS and 0 <= int(index) < len(self.scenarios):
            setattr(self.scenarios[int(index)], key, str(value)[:2000])
            self.scenarios = list(self.scenarios)
            self._recheck()
        return None

    @rx.event
    def set_material(self, index: int, value: str):
        if not self._allowed():
            return refusal(self.access)
        if 0 <= int(index) < len(self.materials):
            self.materials[int(index)].note = str(value)[:300]
            self.materials = list(self.materials)
            self._recheck()
        return None

    @rx.event
    def set_faq(self, index: int, key: str, value: str):
        if not self._allowed():
            return refusal(self.access)
        if key in FAQ_KEYS and 0 <= int(index) < len(self.faqs):
            setattr(self.faqs[int(index)], key, str(value)[:1200])
            self.faqs = list(self.faqs)
            self._recheck()
        return None

    @rx.event
    def add_faq(self):
        if not self._allowed():
            return refusal(self.access)
        if len(self.faqs) < 20:
            self.faqs = [*self.faqs, FaqEdit()]
        return None

    @rx.event
    def remove_faq(self, index: int):
        if not self._allowed():
            return refusal(self.access)
        self.faqs = [faq for i, faq in enumerate(self.faqs) if i != int(index)]
        self._recheck()
        return None

    # workflow ---------------------------------------------------------------------------
    def _act(self, permission: Permission, action, notice: str):
        return run_action(self, permission, action, notice, self._show)

    @rx.event
    def save_draft(self):
        payload = self._payload()
        return self._act(
            Permission.EDIT_GUIDE, lambda: editorial().save(self._principal(), self.code, payload), "saved"
        )

    @rx.event
    def submit_review(self):
        return self._act(
            Permission.EDIT_GUIDE, lambda: editorial().submit(self._principal(), self.code), "submitted"
        )

    @rx.event
    def approve(self):
        return self._act(
            Permission.REVIEW_GUIDE, lambda: editorial().approve(self._principal(), self.code), "published"
        )

    @rx.event
    def schedule(self, form_data: dict):
        when = beijing_time(str(form_data.get("publish_at", "")))
        if when is None:
            if self._allowed(Permission.REVIEW_GUIDE):
                self.error = "bad_time"
                return None
            return refusal(self.access)
        return self._act(
            Permission.REVIEW_GUIDE,
            lambda: editorial().approve(self._principal(), self.code, publish_at=when),
            "scheduled",
        )

    @rx.event
    def send_back(self):
        return self._act(
            Permission.REVIEW_GUIDE, lambda: editorial().send_back(self._principal(), self.code), "sent_back"
        )

    @rx.event
    def publish_now(self, form_data: dict):
        """Publishes the text on screen, saved as a new version first if it has unsaved edits."""
        reason, payload = str(form_data.get("reason", ""))[:500], self._payload()
        return self._act(
            Permission.PUBLISH_GUIDE,
            lambda: editorial().publish_now(self._principal(), self.code, reason, payload),
            "published",
        )

    @rx.event
    def confirm_review(self):
        return self._act(
            Permission.REVIEW_GUIDE,
            lambda: editorial().confirm_review(self._principal(), self.code),
            "reviewed",
        )

    @rx.event
    def restore(self, number: int):
        return self._act(
            Permission.EDIT_GUIDE,
            lambda: editorial().restore(self._principal(), self.code, int(number)),
            "restored",
        )

    @rx.event
    def extend_session(self):
        if not self._allowed():
            return refusal(self.access)
        return None

    @rx.event
    def show_diff(self, number: int):
        if not self._allowed():
            return refusal(self.access)
        number = int(number)
        try:
            self.diff_lines = editorial().diff(self.code, number - 1, number) or ["(no change)"]
        except EditorialError as refused:
            self.error = refused.code
            return None
        self.diff_title = f"v{number - 1} → v{number}"
        return None


@editor_page("/editor/items/[code]", title="编辑指南 · Edit guide", on_load=GuideEditorState.load_guide)
def guide_editor_page() -> rx.Component:
    return editor_body(GuideEditorState)
