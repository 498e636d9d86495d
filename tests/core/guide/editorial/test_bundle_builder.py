"""Composing and publishing a life-event bundle from existing items."""

from __future__ import annotations

import pytest

from core.guide.editorial import EditorialError
from core.guide.editorial.bundle_builder import plan_bundle, publish_bundle
from core.guide.repository import SqlCatalogueRepository
from core.identity.permissions import PermissionDenied, Role, StaffPrincipal
from core.services import audit_log, guide_service

REVIEWER = StaffPrincipal("zhao.reviewer", "Zhao", frozenset({Role.REVIEWER}))
EDITOR = StaffPrincipal("wang.editor", "Wang", frozenset({Role.EDITOR}))
ID_ITEMS = ["070010001003", "070010001002"]  # ID replacement and renewal share the hukou booklet


def _bundle(**changes) -> dict:
    return {
        "code": "YJS901",
        "name": "身份证“一件事”",
        "plain_name": "身份证的事一次办",
        "summary": "补办和换领一起办。",
        "life_event": "identity",
        "items": ID_ITEMS,
        "lead_department": "public_security",
        "visits": 1,
        "time_limit_promised": 20,
        "popularity": 0,
    } | changes


def test_plan_merges_materials_and_counts_savings(seed_catalogue) -> None:
    plan = plan_bundle(seed_catalogue, [*ID_ITEMS, "999999999999", ID_ITEMS[0]])
    assert [i.code for i in plan.items] == ID_ITEMS
    ids = [m.material.id for m in plan.materials]
    assert len(ids) == len(set(ids)) and "household_register" in ids
    shared = next(m for m in plan.materials if m.material.id == "household_register")
    assert set(shared.needed_by) == set(ID_ITEMS)
    assert plan.savings.materials_saved >= 1 and plan.savings.forms_saved == 1
    field_ids = [f.id for f in plan.fields]
    assert len(field_ids) == len(set(field_ids)) and "applicant_name" in field_ids
    assert plan.separate_fields > len(field_ids)


def test_publish_needs_the_role_and_a_consistent_bundle(seeded_env) -> None:
    repository = SqlCatalogueRepository(guide_service()._repository._engine)
    with pytest.raises(PermissionDenied):
        publish_bundle(EDITOR, repository, audit_log(), _bundle())
    with pytest.raises(EditorialError) as refused:
        publish_bundle(REVIEWER, repository, audit_log(), _bundle(code="X1", items=ID_ITEMS[:1]))
    assert {"code", "items"} <= set(refused.value.problems)
    with pytest.raises(EditorialError, match="invalid"):
        publish_bundle(REVIEWER, repository, audit_log(), _bundle(life_event="no_such_event"))
    publish_bundle(REVIEWER, repository, audit_log(), _bundle())
    published = guide_service().bundle_guide("YJS901")
    assert published is not None and [i.code for i in published.items] == ID_ITEMS
