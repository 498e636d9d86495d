"""Work-list handlers decide who is calling from the session cookie on every event: no
session, a citizen session or a staff session from another channel gets the login page
and no rows; a teller is told they are not allowed (and the denial is audited); only an
editor gets the catalogue."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.services import audit_log, guide_service, session_store
from editor.pages.worklist import WorkListState


@pytest.fixture
def caller(as_browser: Callable) -> Callable[[str], WorkListState]:
    return lambda token="": as_browser(WorkListState, f"yiwang_editor_session={token}" if token else "")


@pytest.fixture
def refused(spec_arg: Callable) -> Callable:
    def check(state: WorkListState, result) -> None:
        assert spec_arg(result) == "/editor/login"
        assert state.items == [] and state.bundles == [] and state.departments == []
        assert state.access == "no_session" and state.item_count == 0

    return check


def _session(kind: str, subject: str, channel: str) -> str:
    token, _active = session_store().start(kind, subject, channel)
    return token


@pytest.mark.parametrize(
    "session",
    [None, ("citizen", "c-1", "pc"), ("staff", "wang.editor", "bank_teller"), "forged"],
    ids=["none", "citizen", "staff-other-channel", "forged"],
)
def test_without_an_editor_session_no_rows_are_sent(editor_staff, caller, refused, session) -> None:
    token = "forged-token" if session == "forged" else _session(*session) if session else ""
    state = caller(token)
    refused(state, WorkListState.load_worklist.fn(state))


@pytest.mark.parametrize(
    ("handler", "argument"),
    [("set_department", "public_security"), ("set_missing_english", True), ("search", {"query": "身份证"})],
)
def test_every_handler_checks_the_caller(editor_staff, caller, refused, handler: str, argument) -> None:
    state = caller(_session("citizen", "c-1", "pc"))
    refused(state, getattr(WorkListState, handler).fn(state, argument))
    state = caller()
    refused(state, WorkListState.clear_filters.fn(state))


def test_teller_is_not_allowed_and_the_denial_is_audited(teller_staff, caller) -> None:
    state = caller(_session("staff", teller_staff.username, "editor"))
    assert WorkListState.load_worklist.fn(state) is None
    assert state.access == "denied" and state.items == [] and state.bundles == []
    assert WorkListState.set_department.fn(state, "public_security") is None
    assert state.items == [] and state.departments == []
    denials = [e for e in audit_log().events("permission.denied") if e.actor == teller_staff.username]
    assert len(denials) == 2
    assert {(e.channel, e.detail["permission"]) for e in denials} == {("editor", "guide.edit")}


def test_editor_sees_every_item_and_bundle(editor_staff, caller) -> None:
    state = caller(_session("staff", editor_staff.username, "editor"))
    assert WorkListState.load_worklist.fn(state) is None
    catalogue = guide_service().catalogue
    assert state.access == "allowed" and state.display_name == "wang.editor display"
    assert state.item_count == len(catalogue.items) == len(state.items)
    assert state.bundle_count == len(catalogue.bundles) == len(state.bundles)
    assert {d.code for d in state.departments} >= {"public_security", "hrss"}
    assert not audit_log().events("permission.denied")


def test_editor_filters_and_searches(editor_staff, caller) -> None:
    state = caller(_session("staff", editor_staff.username, "editor"))
    everything = len(guide_service().catalogue.items)
    WorkListState.set_department.fn(state, "exit_entry")
    assert 0 < state.item_count < everything
    assert all(guide_service().item(row.code).department == "exit_entry" for row in state.items)
    WorkListState.set_department.fn(state, "no_such_department")
    assert state.department == "" and state.item_count == everything
    code = guide_service().catalogue.items[0].code
    WorkListState.search.fn(state, {"query": f"  {code} "})
    assert [row.code for row in state.items] == [code] and state.query == code
    WorkListState.set_missing_english.fn(state, True)
    assert state.items == [] and state.missing_english
    WorkListState.clear_filters.fn(state)
    assert (state.department, state.missing_english, state.query) == ("", False, "")
    assert state.item_count == everything


def test_logout_ends_the_session_server_side(editor_staff, caller, refused, spec_arg) -> None:
    token = _session("staff", editor_staff.username, "editor")
    state = caller(token)
    WorkListState.load_worklist.fn(state)
    assert "/auth/logout?next=/editor/login" in spec_arg(WorkListState.logout.fn(state))
    assert session_store().resolve(token) is None and state.items == []
    again = caller(token)
    refused(again, WorkListState.load_worklist.fn(again))


def test_a_citizen_cookie_never_opens_the_back_office(editor_staff, as_browser, refused) -> None:
    """The editor reads only its own cookie: even a staff token under the citizen name is refused."""
    token = _session("staff", editor_staff.username, "editor")
    state = as_browser(WorkListState, f"yiwang_session={token}")
    refused(state, WorkListState.load_worklist.fn(state))


def test_filters_follow_the_editorial_workflow(editor_staff, caller) -> None:
    from core.identity.permissions import Role, StaffPrincipal
    from core.services import editorial

    code = "070010001002"
    writer = StaffPrincipal(editor_staff.username, "Wang", frozenset({Role.EDITOR}))
    text = editorial().state(code).text.model_dump() | {"summary": "凡申请人须依申请予以换领。"}
    editorial().save(writer, code, text)
    state = caller(_session("staff", editor_staff.username, "editor"))
    WorkListState.toggle_filter.fn(state, "changed_since_review")
    assert [row.code for row in state.items] == [code] and state.items[0].status == "draft"
    WorkListState.toggle_filter.fn(state, "changed_since_review")
    WorkListState.set_status.fn(state, "in_review")
    assert state.items == []
    WorkListState.set_status.fn(state, "no_such_status")
    assert state.status == "" and state.item_count == len(guide_service().catalogue.items)
    WorkListState.toggle_filter.fn(state, "readability_warnings")
    assert state.item_count > 0 and all(row.warnings > 0 for row in state.items)
    WorkListState.toggle_filter.fn(state, "not_a_filter")
    WorkListState.clear_filters.fn(state)
    WorkListState.toggle_filter.fn(state, "no_plain_text")
    assert all(
        guide_service().item(r.code).plain_name in ("", guide_service().item(r.code).name)
        for r in state.items
    )
