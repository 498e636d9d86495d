"""Composing a life-event bundle (一件事) from items: the merged materials and what the
bundle saves are shown while composing; publishing checks it against the catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from core.applications.forms import FieldSpec, bundle_form, form_for
from core.audit import AuditLog
from core.guide.bundles import BundleSavings, MergedMaterial, bundle_savings, merge_materials
from core.guide.catalogue import Catalogue, CatalogueError
from core.guide.editorial.workflow import EditorialError
from core.guide.models import Bundle, Item
from core.guide.repository import CatalogueRepository
from core.identity.permissions import Permission, StaffPrincipal, authorize

CHANNEL = "editor"


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


def publish_bundle(
    principal: StaffPrincipal | None,
    repository: CatalogueRepository,
    audit: AuditLog,
    data: dict,
) -> Bundle:
    """Validate the bundle, check its references against the catalogue, then publish it."""
    who = authorize(principal, Permission.PUBLISH_GUIDE, audit, CHANNEL)
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as invalid:
        fields = tuple(".".join(str(p) for p in error["loc"]) for error in invalid.errors())
        raise EditorialError("invalid", fields) from invalid
    current = repository.load()
    others = tuple(b for b in current.bundles if b.code != bundle.code)
    try:
        Catalogue(current.departments, current.life_events, current.items, (*others, bundle))
    except CatalogueError as wrong:
        raise EditorialError("invalid", (str(wrong),)) from wrong
    repository.add_bundles([bundle], note=f"bundle {bundle.code} by {who.username}")
    audit.record("guide.bundle.publish", "ok", actor=who.username, channel=CHANNEL, bundle=bundle.code)
    return bundle
