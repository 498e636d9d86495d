"""Bundle builder handlers: no editor session, no catalogue; an editor composes and sees the
plan but cannot publish; a reviewer publishes and the bundle is in the catalogue."""

from __future__ import annotations

import reflex as rx

from core.services import guide_service, session_store
from core.services import staff_accounts as accounts
from editor.pages.bundle_builder import BundleBuilderState

ITEMS = ["070010001003", "070010001002"]
FORM = {
    "code": "YJS902",
    "name": "身份证“一件事”",
    "plain_name": "身份证的事一次办",
    "summary": "补办和换领一起办。",
    "life_event": "identity",
    "lead_department": "public_security",
    "visits": "1",
    "time_limit_promised": "20",
}


def _caller(as_browser, kind: str, subject: str, channel: str) -> rx.State:
    token = session_store().start(kind, subject, channel)[0]
    return as_browser(BundleBuilderState, f"yiwang_editor_session={token}")


def test_citizen_gets_the_login_page_and_nothing_else(editor_staff, as_browser, spec_arg) -> None:
    state = _caller(as_browser, "citizen", "c-1", "pc")
    assert spec_arg(BundleBuilderState.toggle_item.fn(state, ITEMS[0])) == "/editor/login"
    assert state.chosen == [] and state.materials == []
    assert spec_arg(BundleBuilderState.publish.fn(state, FORM)) == "/editor/login"
    assert guide_service().catalogue.find_bundle("YJS902") is None


def test_editor_composes_reviewer_publishes(editor_staff, as_browser) -> None:
    editor = _caller(as_browser, "staff", editor_staff.username, "editor")
    BundleBuilderState.load_builder.fn(editor)
    for code in ITEMS:
        BundleBuilderState.toggle_item.fn(editor, code)
    assert editor.chosen == ITEMS and editor.fields and editor.separate_fields > len(editor.fields)
    assert editor.materials_saved >= 1
    BundleBuilderState.publish.fn(editor, FORM)
    assert editor.error == "not_allowed" and guide_service().catalogue.find_bundle("YJS902") is None

    accounts().create("zhao.reviewer", "Zhao", "correct horse battery", ["reviewer"])
    reviewer = _caller(as_browser, "staff", "zhao.reviewer", "editor")
    for code in ITEMS:
        BundleBuilderState.toggle_item.fn(reviewer, code)
    BundleBuilderState.publish.fn(reviewer, FORM | {"code": "bad"})
    assert reviewer.error == "invalid" and "code" in reviewer.problems
    BundleBuilderState.publish.fn(reviewer, FORM)
    assert reviewer.notice == "YJS902" and guide_service().catalogue.find_bundle("YJS902").items == ITEMS


def test_blocks_need_an_editor_and_saving_needs_a_reviewer(editor_staff, as_browser, spec_arg) -> None:
    from editor.pages.blocks import BlocksState

    token = session_store().start("citizen", "c-1", "pc")[0]
    citizen = as_browser(BlocksState, f"yiwang_session={token}")
    assert (
        spec_arg(BlocksState.save_block.fn(citizen, {"slug": "x", "title": "t", "body": "b"}))
        == "/editor/login"
    )
    token = session_store().start("staff", editor_staff.username, "editor")[0]
    editor = as_browser(BlocksState, f"yiwang_editor_session={token}")
    BlocksState.save_block.fn(editor, {"slug": "hotline", "title": "热线", "body": "12345"})
    assert editor.error == "not_allowed" and editor.blocks == []
