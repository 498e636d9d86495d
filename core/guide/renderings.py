"""Channel-neutral renderings of a guide that are plain data, not UI.

`mobile_item_guide` and `mobile_bundle_guide` are the small-screen guides exactly as the
mobile API sends them (JSON-ready dicts: plain language first, one scenario's materials,
no empty optional fields, text in the caller's language where the catalogue has it). The
mobile API validates them into its response schemas; the editor previews the same dict
from a draft before publishing, so what an editor sees is what phones get.
`draft_preview_item` is the item as a draft would publish it, blocks resolved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.guide.blocks import Block, resolve_item
from core.guide.bundles import MergedMaterial
from core.guide.catalogue import Catalogue
from core.guide.editorial.texts import GuideText, apply_text
from core.guide.models import Department, Faq, Item, Material, Scenario
from core.guide.scan_codes import entry_url
from core.guide.services import BundleGuide


def pick(zh: str, en: str, lang: str) -> str:
    """Editor-written text in the caller's language: English where it exists, else Chinese."""
    return en if lang == "en" and en else zh


def text_language(en: str, lang: str) -> str:
    """The language `pick` chose, as the API's `lang` field names it."""
    return "en" if lang == "en" and en else "zh-CN"


def department_entry(d: Department, lang: str) -> dict[str, Any]:
    return {"code": d.code, "name": pick(d.name, d.name_en, lang), "short_name": d.short_name}


def item_entry(item: Item, lang: str) -> dict[str, Any]:
    return {
        "code": item.code,
        "title": pick(item.plain_name, item.plain_name_en, lang),
        "official_name": item.name,
        "department": item.department,
        "flags": [f.value for f in item.flags],
    }


def material_entry(m: Material, lang: str, needed_by: tuple[str, ...] = ()) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": m.id,
        "name": pick(m.name, m.name_en, lang),
        "obtain": m.obtain.value,
        "form": m.form,
        "copies": m.copies,
        "required": m.required,
    }
    if m.note:
        entry["note"] = m.note
    if needed_by:
        entry["needed_by"] = list(needed_by)
    return entry


def _scenario(s: Scenario, lang: str) -> dict[str, Any]:
    return {"id": s.id, "name": pick(s.name, s.name_en, lang)}


def _faq(f: Faq, lang: str) -> dict[str, Any]:
    return {"question": pick(f.question, f.question_en, lang), "answer": pick(f.answer, f.answer_en, lang)}


def _steps(item: Item, lang: str) -> list[str]:
    return list(item.steps_en if lang == "en" and item.steps_en else item.steps)


def mobile_item_guide(
    catalogue: Catalogue, item: Item, scenario: Scenario, lang: str, public_url: str
) -> dict[str, Any]:
    """An item's guide for one of its scenarios, for a phone."""
    return {
        "code": item.code,
        "title": pick(item.plain_name, item.plain_name_en, lang),
        "official_name": item.name,
        "summary": pick(item.summary, item.summary_en, lang),
        "lang": text_language(item.plain_name_en, lang),
        "who_can_apply": item.who_can_apply,
        "department": department_entry(catalogue.department(item.department), lang),
        "scenario": _scenario(scenario, lang),
        "scenarios": [_scenario(s, lang) for s in item.scenarios],
        "conditions": list(scenario.conditions),
        "materials": [material_entry(m, lang) for m in scenario.materials],
        "steps": _steps(item, lang),
        "time_limit_legal": item.time_limit_legal,
        "time_limit_promised": item.time_limit_promised,
        "fee": pick(item.fee, item.fee_en, lang),
        "visits": item.visits,
        "channels": [c.value for c in item.channels],
        "flags": [f.value for f in item.flags],
        "place": item.place,
        "hours": item.hours,
        "phone": item.phone,
        "legal_basis": list(item.legal_basis),
        "faqs": [_faq(f, lang) for f in item.faqs],
        "entry_url": entry_url(public_url, item.code),
    }


def _merged(m: MergedMaterial, lang: str) -> dict[str, Any]:
    return material_entry(m.material, lang, m.needed_by)


def mobile_bundle_guide(
    catalogue: Catalogue, guide: BundleGuide, lang: str, public_url: str
) -> dict[str, Any]:
    """A life-event bundle for a phone: its items, one merged materials list, what it saves."""
    b, s = guide.bundle, guide.savings
    return {
        "code": b.code,
        "title": pick(b.plain_name, b.plain_name_en, lang),
        "official_name": b.name,
        "summary": pick(b.summary, b.summary_en, lang),
        "lang": text_language(b.plain_name_en, lang),
        "lead_department": department_entry(catalogue.department(b.lead_department), lang),
        "items": [item_entry(i, lang) for i in guide.items],
        "materials": [_merged(m, lang) for m in guide.materials],
        "savings": {
            "items": s.items,
            "separate_visits": s.separate_visits,
            "bundle_visits": s.bundle_visits,
            "separate_forms": s.separate_forms,
            "separate_materials": s.separate_materials,
            "merged_materials": s.merged_materials,
        },
        "time_limit_promised": b.time_limit_promised,
        "entry_url": entry_url(public_url, b.code),
    }


def draft_preview_item(published: Item, text: GuideText, blocks: Mapping[str, Block]) -> Item:
    """What every channel will show once this draft is published."""
    return resolve_item(apply_text(published, text), blocks)
