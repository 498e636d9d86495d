"""Composing a life-event bundle (一件事) from items: the merged materials and what the
bundle saves are shown while composing. The bundle itself goes through the review workflow
(BundleSubject checks it against the catalogue when saved and again when published)."""

from __future__ import annotations

from dataclasses import dataclass

from core.applications.forms import FieldSpec, bundle_form, form_for
from core.guide.bundles import BundleSavings, MergedMaterial, bundle_savings, merge_materials
from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Item


@dataclass(frozen=True)
class BundlePlan:
    items: list[Item]
    materials: list[MergedMaterial]
    savings: BundleSavings
    fields: list[FieldSpec]  # the one merged form, each question once
    separate_fields: int  # questions asked when applying item by item


def plan_bundle(catalogue: Catalogue, codes: list[str], visits: int = 1) -> BundlePlan:
    """What a bundle of these items asks for and saves; unknown codes are left out."""
    items = [item for code in dict.fromkeys(codes) if (item := catalogue.find_item(code)) is not None]
    probe = Bundle.model_construct(visits=visits, items=[i.code for i in items])
    form = bundle_form(probe, items)
    separate = sum(len(form_for(item).fields) for item in items)
    return BundlePlan(
        items, merge_materials(items), bundle_savings(probe, items), list(form.fields), separate
    )
