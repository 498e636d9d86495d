"""Plain view data that Reflex states hold and shared components render.

Built from core's catalogue models; every field is already a display value (both
languages side by side), so components never call back into core.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.guide.catalogue import Catalogue
from core.guide.models import ITEM_TYPE_LABELS, Bundle, Item
from core.guide.search import SearchHit


@dataclass
class LinkView:
    href: str = ""
    label: str = ""
    label_en: str = ""
    note: str = ""
    note_en: str = ""


@dataclass
class ReasonView:
    kind: str = ""
    term: str = ""
    via: str = ""


@dataclass
class CardView:
    """An item or bundle in a list: home, results, department and life-event pages."""

    kind: str = "item"
    code: str = ""
    href: str = ""
    title: str = ""
    title_en: str = ""
    official_name: str = ""
    department: str = ""
    department_en: str = ""
    summary: str = ""
    summary_en: str = ""
    flags: list[str] = field(default_factory=list)
    reasons: list[ReasonView] = field(default_factory=list)


@dataclass
class MaterialView:
    id: str = ""
    name: str = ""
    name_en: str = ""
    obtain: str = ""
    licence_type: str = ""
    form: str = ""
    copies: int = 1
    note: str = ""
    needed_by: list[str] = field(default_factory=list)


@dataclass
class ScenarioView:
    id: str = ""
    name: str = ""
    name_en: str = ""
    conditions: list[str] = field(default_factory=list)
    materials: list[MaterialView] = field(default_factory=list)


@dataclass
class FaqView:
    question: str = ""
    answer: str = ""
    question_en: str = ""
    answer_en: str = ""


def item_href(code: str) -> str:
    return f"/item/{code}"


def bundle_href(code: str) -> str:
    return f"/bundle/{code}"


def department_href(code: str) -> str:
    return f"/department/{code}"


def life_event_href(event_id: str) -> str:
    return f"/life/{event_id}"


def item_card(catalogue: Catalogue, item: Item) -> CardView:
    department = catalogue.department(item.department)
    return CardView(
        kind="item",
        code=item.code,
        href=item_href(item.code),
        title=item.plain_name,
        title_en=item.plain_name_en,
        official_name=item.name,
        department=department.name,
        department_en=department.name_en,
        summary=item.summary,
        summary_en=item.summary_en,
        flags=[flag.value for flag in item.flags],
    )


def bundle_card(catalogue: Catalogue, bundle: Bundle) -> CardView:
    department = catalogue.department(bundle.lead_department)
    return CardView(
        kind="bundle",
        code=bundle.code,
        href=bundle_href(bundle.code),
        title=bundle.plain_name,
        title_en=bundle.plain_name_en,
        official_name=bundle.name,
        department=department.name,
        department_en=department.name_en,
        summary=bundle.summary,
        summary_en=bundle.summary_en,
    )


def hit_card(catalogue: Catalogue, hit: SearchHit) -> CardView:
    if hit.kind == "bundle":
        card = bundle_card(catalogue, catalogue.bundle(hit.code))
    else:
        card = item_card(catalogue, catalogue.item(hit.code))
    card.reasons = [ReasonView(r.kind, r.term, r.via) for r in hit.reasons]
    return card


def material_view(material, needed_by: list[str] | None = None) -> MaterialView:
    return MaterialView(
        id=material.id,
        name=material.name,
        name_en=material.name_en,
        obtain=material.obtain.value,
        licence_type=material.licence_type or "",
        form=material.form,
        copies=material.copies,
        note=material.note,
        needed_by=needed_by or [],
    )


def scenario_views(item: Item) -> list[ScenarioView]:
    return [
        ScenarioView(
            id=s.id,
            name=s.name,
            name_en=s.name_en,
            conditions=list(s.conditions),
            materials=[material_view(m) for m in s.materials],
        )
        for s in item.scenarios
    ]


def item_type_label(item: Item) -> tuple[str, str]:
    return ITEM_TYPE_LABELS[item.type]
