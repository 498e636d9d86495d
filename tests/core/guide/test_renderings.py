"""The small-screen guide (what the mobile API sends and the editor previews) and the draft
preview item, from the seed catalogue."""

from __future__ import annotations

import json

from core.guide.blocks import Block
from core.guide.bundles import bundle_savings, merge_materials
from core.guide.editorial.texts import text_of
from core.guide.models import Faq
from core.guide.renderings import draft_preview_item, mobile_bundle_guide, mobile_item_guide
from core.guide.services import BundleGuide

CODE = "070010001003"
URL = "https://gov.example"


def _guide(catalogue, item, lang: str = "zh", scenario: int = 0) -> dict:
    return mobile_item_guide(catalogue, item, item.scenarios[scenario], lang, URL)


def test_item_guide_is_plain_language_first_in_the_callers_language(seed_catalogue) -> None:
    item = seed_catalogue.item(CODE)
    zh, en = _guide(seed_catalogue, item), _guide(seed_catalogue, item, "en")
    assert list(zh)[:3] == ["code", "title", "official_name"]
    assert zh["title"] == "身份证丢了怎么补办" and en["title"] == "Replace a lost ID card"
    assert zh["lang"] == "zh-CN" and en["lang"] == "en" and zh["official_name"] == en["official_name"]
    assert zh["department"]["short_name"] == "公安局" and zh["time_limit_promised"] == 20
    assert en["steps"] == zh["steps"] == item.steps  # no English steps yet: the Chinese ones are shown
    assert zh["entry_url"] == f"{URL}/s/{CODE}"
    json.dumps(zh)  # plain JSON data, nothing else


def test_materials_are_the_chosen_scenarios_and_empty_notes_are_left_out(seed_catalogue) -> None:
    item = next(i for i in seed_catalogue.items if len(i.scenarios) > 1)
    for index, scenario in enumerate(item.scenarios):
        guide = _guide(seed_catalogue, item, scenario=index)
        assert guide["scenario"]["id"] == scenario.id
        assert [m["id"] for m in guide["materials"]] == [m.id for m in scenario.materials]
        for entry, material in zip(guide["materials"], scenario.materials, strict=True):
            assert ("note" in entry) == bool(material.note) and "needed_by" not in entry


def test_english_steps_and_faqs_are_used_when_written(seed_catalogue) -> None:
    item = seed_catalogue.item(CODE).model_copy(
        update={"steps_en": ["Apply online"], "faqs": [Faq(question="问", answer="答", answer_en="Answer")]}
    )
    en, zh = _guide(seed_catalogue, item, "en"), _guide(seed_catalogue, item)
    assert en["steps"] == ["Apply online"] and zh["steps"] == item.steps
    assert en["faqs"] == [{"question": "问", "answer": "Answer"}]
    assert zh["faqs"] == [{"question": "问", "answer": "答"}]


def test_bundle_guide_lists_merged_materials_with_the_items_needing_them(seed_catalogue) -> None:
    bundle = seed_catalogue.bundles[0]
    items = seed_catalogue.bundle_items(bundle)
    guide = BundleGuide(bundle, items, merge_materials(items), bundle_savings(bundle, items))
    payload = mobile_bundle_guide(seed_catalogue, guide, "zh", URL)
    assert [i["code"] for i in payload["items"]] == [i.code for i in guide.items]
    assert [m["needed_by"] for m in payload["materials"]] == [list(m.needed_by) for m in guide.materials]
    assert payload["savings"]["merged_materials"] == guide.savings.merged_materials


def test_draft_preview_applies_the_text_and_resolves_blocks(seed_catalogue) -> None:
    item = seed_catalogue.item(CODE)
    text = text_of(item).model_copy(update={"summary": "电话 {{block:hotline}}", "steps_en": ["Go"]})
    preview = draft_preview_item(item, text, {"hotline": Block("hotline", "热线", "12345")})
    assert preview.summary == "电话 12345" and preview.steps_en == ["Go"]
    assert _guide(seed_catalogue, preview, "en")["steps"] == ["Go"]
