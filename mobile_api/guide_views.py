"""Core catalogue objects → the API's guide schemas, in the caller's language. The guides
themselves are rendered by `core.guide.renderings` (the editor previews the same dicts)."""

from __future__ import annotations

from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Department, Item, LifeEvent, Scenario
from core.guide.renderings import department_entry, item_entry, mobile_bundle_guide, mobile_item_guide, pick
from core.guide.search import SearchHit
from core.guide.services import BundleGuide
from core.settings import get_settings
from mobile_api.schemas_guide import (
    BundleCard,
    BundleGuideOut,
    DepartmentSummary,
    ItemCard,
    ItemGuide,
    LifeEventSummary,
    MatchReasonOut,
    SearchHitOut,
)


def department_summary(d: Department, lang: str) -> DepartmentSummary:
    return DepartmentSummary(**department_entry(d, lang))


def life_event_summary(e: LifeEvent, lang: str) -> LifeEventSummary:
    return LifeEventSummary(id=e.id, name=pick(e.name, e.name_en, lang), icon=e.icon)


def item_card(item: Item, lang: str) -> ItemCard:
    return ItemCard(**item_entry(item, lang))


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


def item_guide(catalogue: Catalogue, item: Item, scenario: Scenario, lang: str) -> ItemGuide:
    """The core small-screen guide, checked against the published schema."""
    return ItemGuide.model_validate(
        mobile_item_guide(catalogue, item, scenario, lang, get_settings().public_url)
    )


def bundle_guide(catalogue: Catalogue, guide: BundleGuide, lang: str) -> BundleGuideOut:
    return BundleGuideOut.model_validate(
        mobile_bundle_guide(catalogue, guide, lang, get_settings().public_url)
    )
