"""The work list: every item and bundle with the filters editors use to find what needs work.

Each handler first resolves the caller from the session cookie and checks EDIT_GUIDE in
core; without a staff session it sends the browser to the login page, without the
permission it says so. Either way no catalogue rows are sent.
"""

from __future__ import annotations

import reflex as rx

from core.guide.editorial import ReviewWorkflow
from core.services import bundle_workflow, editorial, guide_service, session_store
from editor.access import (
    EXPIRED_URL,
    HOME_ROUTE,
    LOGOUT_URL,
    Access,
    editor_access,
    expiry_ms,
    refusal,
)
from editor.components import filter_bar, work_table
from editor.gate import access_gate, not_allowed
from editor.registry import editor_page
from editor.worklist import (
    STATUSES,
    DepartmentOption,
    EditProgress,
    WorkFilter,
    WorkRow,
    bundle_rows,
    department_options,
    item_rows,
    known_department,
    searched_query,
)
from shared_ui.components.session_timer import session_timer
from shared_ui.i18n import N_, msg, msgf
from shared_ui.session import EDITOR_SESSION_COOKIE, session_token


class WorkListState(rx.State):
    access: str = ""
    display_name: str = ""
    department: str = ""
    missing_english: bool = False
    query: str = ""
    status: str = ""
    no_plain_text: bool = False
    changed_since_review: bool = False
    readability_warnings: bool = False
    departments: list[DepartmentOption] = []
    items: list[WorkRow] = []
    bundles: list[WorkRow] = []
    item_count: int = 0
    bundle_count: int = 0
    expires_at_ms: int = 0

    def _forget(self) -> None:
        self.display_name = ""
        self.departments, self.items, self.bundles = [], [], []
        self.item_count = self.bundle_count = 0

    def _allowed(self) -> bool:
        """Who is calling, checked on every event; rows only ever reach an allowed editor."""
        checked = editor_access(self)
        self.access = checked.status.value
        if checked.status is not Access.ALLOWED:
            self._forget()
        self.display_name = checked.display_name
        self.expires_at_ms = expiry_ms(checked)
        return checked.status is Access.ALLOWED

    def _show(self) -> None:
        catalogue = guide_service().catalogue
        self.department = known_department(catalogue, self.department)
        wanted = WorkFilter(
            self.department,
            self.missing_english,
            self.query,
            self.status,
            self.no_plain_text,
            self.changed_since_review,
            self.readability_warnings,
        )
        self.departments = department_options(catalogue)
        self.items = item_rows(catalogue, wanted, _progress(editorial()))
        self.bundles = bundle_rows(catalogue, wanted, _progress(bundle_workflow()))
        self.item_count, self.bundle_count = len(self.items), len(self.bundles)

    @rx.event
    def load_worklist(self):
        if not self._allowed():
            return refusal(self.access)
        self._show()
        return None

    @rx.event
    def set_department(self, code: str):
        if not self._allowed():
            return refusal(self.access)
        self.department = str(code)
        self._show()
        return None

    @rx.event
    def set_missing_english(self, missing: bool):
        if not self._allowed():
            return refusal(self.access)
        self.missing_english = bool(missing)
        self._show()
        return None

    @rx.event
    def set_status(self, status: str):
        if not self._allowed():
            return refusal(self.access)
        self.status = status if status in STATUSES else ""
        self._show()
        return None

    @rx.event
    def toggle_filter(self, name: str):
        """The three yes/no filters; any other name is ignored."""
        if not self._allowed():
            return refusal(self.access)
        if name in ("no_plain_text", "changed_since_review", "readability_warnings"):
            setattr(self, name, not getattr(self, name))
            self._show()
        return None

    @rx.event
    def search(self, form_data: dict):
        if not self._allowed():
            return refusal(self.access)
        self.query = searched_query(form_data)
        self._show()
        return None

    @rx.event
    def clear_filters(self):
        if not self._allowed():
            return refusal(self.access)
        self.department, self.missing_english, self.query, self.status = "", False, "", ""
        self.no_plain_text = self.changed_since_review = self.readability_warnings = False
        self._show()
        return rx.set_value("worklist-query", "")

    @rx.event
    def extend_session(self):
        """'Stay logged in': any checked event touches the session; this one only does that."""
        if not self._allowed():
            return refusal(self.access)
        return None

    @rx.event
    def logout(self):
        session_store().end(session_token(self, EDITOR_SESSION_COOKIE))
        self.access = Access.NO_SESSION.value
        self._forget()
        return rx.call_script(f"window.location.assign('{LOGOUT_URL}')")


def _progress(workflow: ReviewWorkflow) -> dict[str, EditProgress]:
    """Where the editing of each guide or bundle stands, for the status filter and badges."""
    return {key: EditProgress(draft.status, draft.flagged) for key, draft in workflow.drafts().items()}


def _who() -> rx.Component:
    return rx.el.div(
        session_timer(WorkListState.expires_at_ms, WorkListState.extend_session, EXPIRED_URL),
        rx.el.p(msgf("Logged in as {name}", name=WorkListState.display_name)),
        rx.el.button(msg("Log out"), on_click=WorkListState.logout, class_name="button", id="logout"),
        class_name="who",
    )


def _not_allowed() -> rx.Component:
    return rx.el.div(
        not_allowed(
            N_("Your account is not allowed to edit the service guide. Ask an administrator for access.")
        ),
        _who(),
    )


def _work() -> rx.Component:
    state = WorkListState
    return rx.fragment(
        _who(),
        filter_bar(state),
        rx.el.p(
            msgf(
                "{items} items and {bundles} bundles match.",
                items=state.item_count,
                bundles=state.bundle_count,
            ),
            role="status",
            id="worklist-count",
        ),
        work_table(state.items, msg("Items"), "worklist-items"),
        rx.el.h2(msg("Bundles")),
        work_table(state.bundles, msg("Bundles"), "worklist-bundles"),
    )


@editor_page(HOME_ROUTE, title="工作台 · Work list", on_load=WorkListState.load_worklist)
def worklist_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Work list")),
        access_gate(WorkListState.access, _work(), _not_allowed()),
    )
