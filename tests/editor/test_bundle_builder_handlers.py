"""Bundle builder and content-block handlers: no editor session, no catalogue; an editor
composes a bundle and sends it for review; only a second person (a reviewer) publishes it;
publish-now publishes what is on screen. Blocks follow the same review."""

from __future__ import annotations

import reflex as rx

from core.services import content_blocks, guide_service, session_store
from core.services import staff_accounts as accounts
from editor.pages.blocks import BlocksState
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


def _caller(as_browser, state_class: type[rx.State], kind: str, subject: str, channel: str) -> rx.State:
    token = session_store().start(kind, subject, channel)[0]
    cookie = "yiwang_editor_session" if channel == "editor" else "yiwang_session"
    return as_browser(state_class, f"{cookie}={token}")


def _type_bundle(state: rx.State, form: dict) -> None:
    BundleBuilderState.load_builder.fn(state)
    for code in ITEMS:
        BundleBuilderState.toggle_item.fn(state, code)
    for name, value in form.items():
        BundleBuilderState.set_field.fn(state, name, value)


def test_citizen_gets_the_login_page_and_nothing_else(editor_staff, as_browser, spec_arg) -> None:
    state = _caller(as_browser, BundleBuilderState, "citizen", "c-1", "pc")
    assert spec_arg(BundleBuilderState.toggle_item.fn(state, ITEMS[0])) == "/editor/login"
    assert state.chosen == [] and state.materials == []
    assert spec_arg(BundleBuilderState.save_draft.fn(state)) == "/editor/login"
    assert spec_arg(BundleBuilderState.approve.fn(state)) == "/editor/login"
    assert guide_service().catalogue.find_bundle("YJS902") is None


def test_editor_composes_a_reviewer_publishes(editor_staff, as_browser) -> None:
    editor = _caller(as_browser, BundleBuilderState, "staff", editor_staff.username, "editor")
    _type_bundle(editor, FORM)
    assert editor.chosen == ITEMS and editor.plan_fields and editor.separate_fields > len(editor.plan_fields)
    BundleBuilderState.save_draft.fn(editor)
    BundleBuilderState.submit_review.fn(editor)
    assert (editor.notice, editor.status) == ("submitted", "in_review")
    BundleBuilderState.approve.fn(editor)
    assert editor.error == "not_allowed" and guide_service().catalogue.find_bundle("YJS902") is None

    accounts().create("zhao.reviewer", "Zhao", "correct horse battery", ["reviewer"])
    reviewer = _caller(as_browser, BundleBuilderState, "staff", "zhao.reviewer", "editor")
    BundleBuilderState.load_builder.fn(reviewer)
    assert [(e.key, e.status) for e in reviewer.entries] == [("YJS902", "in_review")]
    BundleBuilderState.open_entry.fn(reviewer, "YJS902")
    assert reviewer.chosen == ITEMS and reviewer.fields["plain_name"] == "身份证的事一次办"
    BundleBuilderState.approve.fn(reviewer)
    assert reviewer.notice == "published" and guide_service().catalogue.find_bundle("YJS902").items == ITEMS


def test_publish_now_publishes_the_bundle_on_screen(editor_staff, as_browser) -> None:
    accounts().create("zhao.reviewer", "Zhao", "correct horse battery", ["reviewer"])
    reviewer = _caller(as_browser, BundleBuilderState, "staff", "zhao.reviewer", "editor")
    _type_bundle(reviewer, FORM | {"code": "bad"})
    BundleBuilderState.publish_now.fn(reviewer, {"reason": "Opening day of the new hall"})
    assert reviewer.error == "invalid" and guide_service().catalogue.find_bundle("YJS902") is None
    BundleBuilderState.set_field.fn(reviewer, "code", "YJS902")
    BundleBuilderState.publish_now.fn(reviewer, {"reason": "Opening day of the new hall"})
    assert (reviewer.notice, reviewer.flagged, reviewer.version) == ("published", True, 1)
    assert guide_service().catalogue.find_bundle("YJS902").plain_name == "身份证的事一次办"


def test_blocks_need_an_editor_and_publishing_needs_a_second_person(
    editor_staff, as_browser, spec_arg
) -> None:
    citizen = _caller(as_browser, BlocksState, "citizen", "c-1", "pc")
    assert spec_arg(BlocksState.save_draft.fn(citizen)) == "/editor/login"
    editor = _caller(as_browser, BlocksState, "staff", editor_staff.username, "editor")
    BlocksState.load_blocks.fn(editor)
    for name, value in {"slug": "hotline", "title": "热线", "body": "12345"}.items():
        BlocksState.set_field.fn(editor, name, value)
    BlocksState.save_draft.fn(editor)
    assert (editor.status, editor.blocks) == ("draft", [])
    BlocksState.set_field.fn(editor, "slug", "renamed")
    assert editor.slug == "hotline"  # an open block keeps its name
    BlocksState.publish_now.fn(editor, {"reason": "the hotline number changed"})
    assert editor.error == "not_allowed" and "hotline" not in content_blocks().blocks()
    BlocksState.submit_review.fn(editor)
    accounts().create("zhao.reviewer", "Zhao", "correct horse battery", ["reviewer"])
    reviewer = _caller(as_browser, BlocksState, "staff", "zhao.reviewer", "editor")
    BlocksState.load_blocks.fn(reviewer)
    BlocksState.open_entry.fn(reviewer, "hotline")
    BlocksState.approve.fn(reviewer)
    assert reviewer.notice == "published" and [b.slug for b in reviewer.blocks] == ["hotline"]
