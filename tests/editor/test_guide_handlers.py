"""Guide editor handlers decide who is calling on every event: without an editor session
nothing of the guide is sent; a teller is refused (and audited); an editor edits and sends for
review but cannot approve; a second account (reviewer) approves and the catalogue changes."""

from __future__ import annotations

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from core.services import audit_log, editorial, guide_service, session_store
from core.services import staff_accounts as accounts
from editor.pages.guide import GuideEditorState
from editor.pages.preview import PreviewState

CODE = "070010001003"


def _state(state_class: type[rx.State], token: str) -> rx.State:
    state = state_class(_reflex_internal_init=True)
    cookie = f"yiwang_editor_session={token}" if token else ""
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": cookie},
            "ip": "127.0.0.1",
            "pathname": f"/editor/items/{CODE}",
            "query": {"code": CODE},
        }
    )
    return state


def _token(kind: str, subject: str, channel: str) -> str:
    return session_store().start(kind, subject, channel)[0]


@pytest.fixture
def reviewer(seeded_env: str) -> str:
    accounts().create("zhao.reviewer", "Zhao", "correct horse battery", ["reviewer"])
    return "zhao.reviewer"


@pytest.mark.parametrize(
    "session",
    [None, ("citizen", "c-1", "pc")],
    ids=["none", "citizen"],
)
@pytest.mark.parametrize(
    ("handler", "args"),
    [
        ("load_guide", ()),
        ("set_text", ("summary", "x")),
        ("save_draft", ()),
        ("submit_review", ()),
        ("approve", ()),
        ("publish_now", ({"reason": "a long enough reason"},)),
        ("restore", (1,)),
    ],
)
def test_without_an_editor_session_nothing_is_sent_or_changed(
    editor_staff, spec_arg, session, handler, args
) -> None:
    state = _state(GuideEditorState, _token(*session) if session else "")
    result = getattr(GuideEditorState, handler).fn(state, *args)
    assert spec_arg(result) == "/editor/login"
    assert state.summary == "" and state.findings == [] and state.versions == []
    assert guide_service().item(CODE).summary.startswith("身份证丢了")
    preview = _state(PreviewState, _token(*session) if session else "")
    assert spec_arg(PreviewState.load_preview.fn(preview)) == "/editor/login"
    assert preview.mobile_json == ""


def test_teller_is_refused_and_audited(teller_staff) -> None:
    state = _state(GuideEditorState, _token("staff", teller_staff.username, "editor"))
    assert GuideEditorState.load_guide.fn(state) is None
    assert state.access == "denied" and state.summary == ""
    GuideEditorState.save_draft.fn(state)
    assert state.access == "denied" and state.version == 0 and editorial().versions(CODE) == []
    denied = [e for e in audit_log().events("permission.denied") if e.actor == teller_staff.username]
    assert len(denied) == 2


def test_editor_writes_checker_follows_and_a_reviewer_publishes(editor_staff, reviewer) -> None:
    editor = _state(GuideEditorState, _token("staff", editor_staff.username, "editor"))
    GuideEditorState.load_guide.fn(editor)
    assert editor.access == "allowed" and editor.plain_name == "身份证丢了怎么补办"
    GuideEditorState.set_text.fn(editor, "summary", "凡遗失身份证者，须依申请予以补领。")
    kinds = {f.kind for f in editor.findings if f.field == "summary"}
    assert "officialese" in kinds and editor.score < 100
    GuideEditorState.set_text.fn(editor, "summary", "身份证丢了，带户口本去窗口补办。")
    assert [f for f in editor.findings if f.field == "summary"] == []
    GuideEditorState.save_draft.fn(editor)
    assert (editor.notice, editor.version, editor.status) == ("saved", 1, "draft")
    GuideEditorState.submit_review.fn(editor)
    GuideEditorState.approve.fn(editor)
    assert editor.error == "not_allowed" and editor.status == "in_review"

    other = _state(GuideEditorState, _token("staff", reviewer, "editor"))
    GuideEditorState.load_guide.fn(other)
    assert other.can_review
    GuideEditorState.approve.fn(other)
    assert other.status == "published" and other.notice == "published"
    assert guide_service().item(CODE).summary == "身份证丢了，带户口本去窗口补办。"
    GuideEditorState.show_diff.fn(other, 1)
    assert any(line.startswith("+summary: 身份证丢了，带户口本") for line in other.diff_lines)


def test_publish_now_publishes_the_unsaved_text_on_screen(reviewer) -> None:
    state = _state(GuideEditorState, _token("staff", reviewer, "editor"))
    GuideEditorState.load_guide.fn(state)
    GuideEditorState.set_text.fn(state, "summary", "身份证丢了，带户口本去窗口补办。")  # typed, not saved
    GuideEditorState.publish_now.fn(state, {"reason": "the old text named the wrong window"})
    assert (state.notice, state.version, state.published_version, state.flagged) == ("published", 1, 1, True)
    assert guide_service().item(CODE).summary == "身份证丢了，带户口本去窗口补办。"
    assert [v.note for v in editorial().versions(CODE)] == ["published now", "before editing"]


def test_bad_input_is_named_and_nothing_is_saved(editor_staff) -> None:
    editor = _state(GuideEditorState, _token("staff", editor_staff.username, "editor"))
    GuideEditorState.load_guide.fn(editor)
    GuideEditorState.set_text.fn(editor, "plain_name", "")
    GuideEditorState.set_text.fn(editor, "not_a_field", "x")
    GuideEditorState.save_draft.fn(editor)
    assert editor.error == "invalid" and "plain_name" in editor.problems and editor.version == 0
    GuideEditorState.set_text.fn(editor, "plain_name", "补身份证")
    GuideEditorState.set_text.fn(editor, "summary", "地址 {{block:nowhere}}")
    GuideEditorState.save_draft.fn(editor)
    assert editor.error == "unknown_block" and editor.problems == ["nowhere"]


def test_preview_renders_the_draft_for_four_channels(editor_staff) -> None:
    editor = _state(GuideEditorState, _token("staff", editor_staff.username, "editor"))
    GuideEditorState.load_guide.fn(editor)
    GuideEditorState.set_text.fn(editor, "plain_name", "补办身份证")
    GuideEditorState.save_draft.fn(editor)
    preview = _state(PreviewState, _token("staff", editor_staff.username, "editor"))
    assert PreviewState.load_preview.fn(preview) is None
    assert preview.guide.plain_name == "补办身份证" and '"title": "补办身份证"' in preview.mobile_json
    assert guide_service().item(CODE).plain_name == "身份证丢了怎么补办"
