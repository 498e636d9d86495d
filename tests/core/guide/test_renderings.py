"""The mobile guide payload and the draft preview item, from the seed catalogue."""

from __future__ import annotations

import json

from core.guide.blocks import Block
from core.guide.editorial.texts import text_of
from core.guide.renderings import draft_preview_item, mobile_guide_payload

CODE = "070010001003"


def test_mobile_payload_is_compact_json_in_one_language(seed_catalogue) -> None:
    item = seed_catalogue.item(CODE)
    zh = mobile_guide_payload(seed_catalogue, item)
    en = mobile_guide_payload(seed_catalogue, item, "en")
    assert zh["title"] == "身份证丢了怎么补办" and en["title"] == "Replace a lost ID card"
    assert zh["department"] == "公安局" and zh["days"] == 20 and zh["steps"] == item.steps
    assert en["steps"] == item.steps  # no English steps yet: the Chinese ones are shown
    assert zh["scenarios"][0]["materials"][0]["obtain"] == "A"
    assert len(json.dumps(zh, ensure_ascii=False)) < len(item.model_dump_json())


def test_draft_preview_applies_the_text_and_resolves_blocks(seed_catalogue) -> None:
    item = seed_catalogue.item(CODE)
    text = text_of(item).model_copy(update={"summary": "电话 {{block:hotline}}", "steps_en": ["Go"]})
    preview = draft_preview_item(item, text, {"hotline": Block("hotline", "热线", "12345")})
    assert preview.summary == "电话 12345" and preview.steps_en == ["Go"]
    assert mobile_guide_payload(seed_catalogue, preview, "en")["steps"] == ["Go"]
