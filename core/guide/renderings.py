"""Channel-neutral renderings of a guide that are plain data, not UI.

`mobile_guide_payload` is the small-screen guide the mobile API sends (JSON-ready dict); the
editor previews it from a draft before publishing, so mobile_api should serve it as is.
`draft_preview_item` is the item as a draft would publish it, blocks resolved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.guide.blocks import Block, resolve_item
from core.guide.catalogue import Catalogue
from core.guide.editorial.texts import GuideText, apply_text
from core.guide.models import Item

MOBILE_PAYLOAD_VERSION = 1


def _language(item: Item, english: bool) -> dict[str, Any]:
    pick = (lambda en, zh: en or zh) if english else (lambda _en, zh: zh)
    steps = item.steps_en if english and item.steps_en else item.steps
    return {
        "title": pick(item.plain_name_en, item.plain_name),
        "summary": pick(item.summary_en, item.summary),
        "steps": list(steps),
        "fee": pick(item.fee_en, item.fee),
        "faqs": [{"q": pick(f.question_en, f.question), "a": pick(f.answer_en, f.answer)} for f in item.faqs],
    }


def _scenario(scenario, english: bool) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "name": (scenario.name_en or scenario.name) if english else scenario.name,
        "conditions": list(scenario.conditions),
        "materials": [
            {
                "id": m.id,
                "name": (m.name_en or m.name) if english else m.name,
                "obtain": m.obtain.value,
                "required": m.required,
                "note": m.note,
            }
            for m in scenario.materials
        ],
    }


def mobile_guide_payload(catalogue: Catalogue, item: Item, language: str = "zh") -> dict[str, Any]:
    """The compact guide for a phone: one language, short keys, no official text or QR code."""
    english = language == "en"
    department = catalogue.find_department(item.department)
    return {
        "v": MOBILE_PAYLOAD_VERSION,
        "code": item.code,
        "lang": "en" if english else "zh",
        **_language(item, english),
        "department": (department.name_en if english else department.short_name) if department else "",
        "days": item.time_limit_promised,
        "visits": item.visits,
        "online": "mobile" in [c.value for c in item.channels],
        "flags": [flag.value for flag in item.flags],
        "scenarios": [_scenario(s, english) for s in item.scenarios],
        "phone": item.phone,
    }


def draft_preview_item(published: Item, text: GuideText, blocks: Mapping[str, Block]) -> Item:
    """What every channel will show once this draft is published."""
    return resolve_item(apply_text(published, text), blocks)
