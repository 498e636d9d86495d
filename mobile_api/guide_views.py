"""Core catalogue objects → the API's guide schemas, in the caller's language."""

from __future__ import annotations

from core.guide.bundles import MergedMaterial
from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Department, Item, LifeEvent, Material, Scenario
from core.guide.scan_codes import entry_url
from core.guide.search import SearchHit
from core.guide.services import BundleGuide
from core.settings import get_settings
from mobile_api.schemas_guide import (
    BundleCard,
    BundleGuideOut,
    BundleSavingsOut,
    DepartmentSummary,
    FaqOut,
    ItemCard,
    ItemGuide,
    LifeEventSummary,
    MatchReasonOut,
    MaterialOut,
    ScenarioOut,
    SearchHitOut,
)


def pick(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" and en else zh


def department_summary(d: Department, lang: str) -> DepartmentSummary:
    return DepartmentSummary(code=d.code, name=pick(d.name, d.name_en, lang), short_name=d.short_name)


def life_event_summary(e: LifeEvent, lang: str) -> LifeEventSummary:
    return LifeEventSummary(id=e.id, name=pick(e.name, e.name_en, lang), icon=e.icon)


def item_card(item: Item, lang: str) -> ItemCard:
    return ItemCard(
        code=item.code,
        title=pick(item.plain_name, item.plain_name_en, lang),
        official_name=item.name,
        department=item.department,
        flags=[f.value for f in item.flags],
    )


def bundle_card(bundle: Bundle, lang: str) -> BundleCard:
    return BundleCard(
        code=bundle.code,
        title=pick(bundle.plain_name, bundle.plain_name_en, lang),
        summary=pick(bundle.summary, bundle.summary_en, lang),
        item_count=len(bundle.items),
    )


def search_hit(hit: SearchHit, lang: str) -> SearchHitOut:
    return SearchHitOut(
        kind="bundle" if hit.kind == "bundle" else "item",
        code=hit.code,
        title=pick(hit.plain_name, hit.plain_name_en, lang),
        official_name=hit.name,
        department=hit.department,
        reasons=[MatchReasonOut(kind=r.kind, term=r.term, via=r.via) for r in hit.reasons],
    )


def material_out(m: Material, lang: str, needed_by: tuple[str, ...] | None = None) -> MaterialOut:
    return MaterialOut(
        id=m.id,
        name=pick(m.name, m.name_en, lang),
        obtain=m.obtain.value,
        form=m.form,
        copies=m.copies,
        required=m.required,
        note=m.note or None,
        needed_by=list(needed_by) if needed_by else None,
    )


def _scenario(s: Scenario, lang: str) -> ScenarioOut:
    return ScenarioOut(id=s.id, name=pick(s.name, s.name_en, lang))


def _lang(en: str, lang: str) -> str:
    return "en" if lang == "en" and en else "zh-CN"


def item_guide(catalogue: Catalogue, item: Item, scenario: Scenario, lang: str) -> ItemGuide:
    return ItemGuide(
        code=item.code,
        title=pick(item.plain_name, item.plain_name_en, lang),
        official_name=item.name,
        summary=pick(item.summary, item.summary_en, lang),
        lang=_lang(item.plain_name_en, lang),
        who_can_apply=item.who_can_apply,
        department=department_summary(catalogue.department(item.department), lang),
        scenario=_scenario(scenario, lang),
        scenarios=[_scenario(s, lang) for s in item.scenarios],
        conditions=list(scenario.conditions),
        materials=[material_out(m, lang) for m in scenario.materials],
        steps=list(item.steps),
        time_limit_legal=item.time_limit_legal,
        time_limit_promised=item.time_limit_promised,
        fee=pick(item.fee, item.fee_en, lang),
        visits=item.visits,
        channels=[c.value for c in item.channels],
        flags=[f.value for f in item.flags],
        place=item.place,
        hours=item.hours,
        phone=item.phone,
        legal_basis=list(item.legal_basis),
        faqs=[FaqOut(question=f.question, answer=f.answer) for f in item.faqs],
        entry_url=entry_url(get_settings().public_url, item.code),
    )


def _merged(m: MergedMaterial, lang: str) -> MaterialOut:
    return material_out(m.material, lang, m.needed_by)


def bundle_guide(catalogue: Catalogue, guide: BundleGuide, lang: str) -> BundleGuideOut:
    b, s = guide.bundle, guide.savings
    return BundleGuideOut(
        code=b.code,
        title=pick(b.plain_name, b.plain_name_en, lang),
        official_name=b.name,
        summary=pick(b.summary, b.summary_en, lang),
        lang=_lang(b.plain_name_en, lang),
        lead_department=department_summary(catalogue.department(b.lead_department), lang),
        items=[item_card(i, lang) for i in guide.items],
        materials=[_merged(m, lang) for m in guide.materials],
        savings=BundleSavingsOut(
            items=s.items,
            separate_visits=s.separate_visits,
            bundle_visits=s.bundle_visits,
            separate_forms=s.separate_forms,
            separate_materials=s.separate_materials,
            merged_materials=s.merged_materials,
        ),
        time_limit_promised=b.time_limit_promised,
        entry_url=entry_url(get_settings().public_url, b.code),
    )
