"""The editor's mobile preview is the mobile API's JSON: one core rendering serves both."""

from __future__ import annotations

import json

import pytest
import reflex as rx
from fastapi.testclient import TestClient
from reflex.istate.data import RouterData

from core.services import editorial, session_store
from editor.pages.guide import GuideEditorState
from editor.pages.preview import PreviewState
from mobile_api import PREFIX, create_standalone_app

ID_CARD, RENT = "070010001003", "200070001001"


def _editor_state(state_class: type[rx.State], username: str, code: str) -> rx.State:
    token = session_store().start("staff", username, "editor")[0]
    state = state_class(_reflex_internal_init=True)
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": f"yiwang_editor_session={token}"},
            "ip": "127.0.0.1",
            "pathname": f"/editor/items/{code}/preview",
            "query": {"code": code},
        }
    )
    return state


def _preview_json(username: str, code: str) -> dict:
    preview = _editor_state(PreviewState, username, code)
    assert PreviewState.load_preview.fn(preview) is None and not preview.missing
    return json.loads(preview.mobile_json)


@pytest.mark.parametrize("code", [ID_CARD, RENT])
def test_mobile_preview_of_a_published_item_is_what_phones_get(editor_staff, code: str) -> None:
    with TestClient(create_standalone_app(), base_url="http://phone.test") as phone:
        served = phone.get(f"{PREFIX}/items/{code}", headers={"Accept-Language": "zh-CN"})
    assert served.status_code == 200
    assert _preview_json(editor_staff.username, code) == served.json()


def test_mobile_preview_shows_the_draft_before_phones_do(editor_staff) -> None:
    editor = _editor_state(GuideEditorState, editor_staff.username, ID_CARD)
    GuideEditorState.load_guide.fn(editor)
    GuideEditorState.set_text.fn(editor, "plain_name", "补办身份证")
    GuideEditorState.save_draft.fn(editor)
    assert editorial().state(ID_CARD).version >= 1
    with TestClient(create_standalone_app(), base_url="http://phone.test") as phone:
        served = phone.get(f"{PREFIX}/items/{ID_CARD}").json()
    previewed = _preview_json(editor_staff.username, ID_CARD)
    assert previewed["title"] == "补办身份证" and served["title"] == "身份证丢了怎么补办"
    assert {k: v for k, v in previewed.items() if k != "title"} == {
        k: v for k, v in served.items() if k != "title"
    }
