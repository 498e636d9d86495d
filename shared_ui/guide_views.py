"""View data of a whole item guide and a whole bundle guide."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.guide.bundles import BundleSavings
from core.guide.catalogue import Catalogue
from core.guide.models import Item
from core.guide.scan_codes import entry_url, qr_svg
from core.guide.services import BundleGuide
from shared_ui.views import (
    CardView,
    FaqView,
    LinkView,
    MaterialView,
    ScenarioView,
    bundle_href,
    department_href,
    item_card,
    item_type_label,
    material_view,
    scenario_views,
)


@dataclass
class GuideView:
    code: str = ""
    name: str = ""
    plain_name: str = ""
    plain_name_en: str = ""
    summary: str = ""
    summary_en: str = ""
    type_label: str = ""
    type_label_en: str = ""
    department: LinkView = field(default_factory=LinkView)
    who_can_apply: str = ""
    scenarios: list[ScenarioView] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    steps_en: list[str] = field(default_factory=list)
    time_limit_legal: int = 0
    time_limit_promised: int = 0
    fee: str = ""
    fee_en: str = ""
    visits: int = 0
    channels: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    place: str = ""
    hours: str = ""
    phone: str = ""
    legal_basis: list[str] = field(default_factory=list)
    faqs: list[FaqView] = field(default_factory=list)
    bundles: list[LinkView] = field(default_factory=list)
    entry_url: str = ""
    qr_svg: str = ""


@dataclass
class SavingsView:
    item_count: int = 0
    visits_saved: int = 0
    forms_saved: int = 0
    materials_saved: int = 0
    separate_materials: int = 0
    merged_materials: int = 0
    bundle_visits: int = 0
    separate_visits: int = 0


@dataclass
class BundleView:
    code: str = ""
    name: str = ""
    plain_name: str = ""
    plain_name_en: str = ""
    summary: str = ""
    summary_en: str = ""
    department: LinkView = field(default_factory=LinkView)
    time_limit_promised: int = 0
    members: list[CardView] = field(default_factory=list)
    materials: list[MaterialView] = field(default_factory=list)
    savings: SavingsView = field(default_factory=SavingsView)
    entry_url: str = ""
    qr_svg: str = ""


def guide_view(catalogue: Catalogue, item: Item, public_url: str) -> GuideView:
    department = catalogue.department(item.department)
    type_zh, type_en = item_type_label(item)
    url = entry_url(public_url, item.code)
    return GuideView(
        code=item.code,
        name=item.name,
        plain_name=item.plain_name,
        plain_name_en=item.plain_name_en,
        summary=item.summary,
        summary_en=item.summary_en,
        type_label=type_zh,
        type_label_en=type_en,
        department=LinkView(department_href(department.code), department.name, department.name_en),
        who_can_apply=item.who_can_apply,
        scenarios=scenario_views(item),
        steps=list(item.steps),
        steps_en=list(item.steps_en),
        time_limit_legal=item.time_limit_legal,
        time_limit_promised=item.time_limit_promised,
        fee=item.fee,
        fee_en=item.fee_en,
        visits=item.visits,
        channels=[c.value for c in item.channels],
        flags=[f.value for f in item.flags],
        place=item.place,
        hours=item.hours,
        phone=item.phone,
        legal_basis=list(item.legal_basis),
        faqs=[FaqView(f.question, f.answer, f.question_en, f.answer_en) for f in item.faqs],
        bundles=[
            LinkView(bundle_href(b.code), b.plain_name, b.plain_name_en)
            for b in catalogue.bundles
            if item.code in b.items
        ],
        entry_url=url,
        qr_svg=qr_svg(url, f"扫码办理：{item.plain_name}"),
    )


def _savings_view(savings: BundleSavings) -> SavingsView:
    return SavingsView(
        item_count=savings.items,
        visits_saved=savings.visits_saved,
        forms_saved=savings.forms_saved,
        materials_saved=savings.materials_saved,
        separate_materials=savings.separate_materials,
        merged_materials=savings.merged_materials,
        bundle_visits=savings.bundle_visits,
        separate_visits=savings.separate_visits,
    )


def bundle_view(catalogue: Catalogue, guide: BundleGuide, public_url: str) -> BundleView:
    bundle = guide.bundle
    department = catalogue.department(bundle.lead_department)
    url = entry_url(public_url, bundle.code)
    return BundleView(
        code=bundle.code,
        name=bundle.name,
        plain_name=bundle.plain_name,
        plain_name_en=bundle.plain_name_en,
        summary=bundle.summary,
        summary_en=bundle.summary_en,
        department=LinkView(department_href(department.code), department.name, department.name_en),
        time_limit_promised=bundle.time_limit_promised,
        members=[item_card(catalogue, item) for item in guide.items],
        materials=[material_view(m.material, list(m.needed_by)) for m in guide.materials],
        savings=_savings_view(guide.savings),
        entry_url=url,
        qr_svg=qr_svg(url, f"扫码办理：{bundle.plain_name}"),
    )
