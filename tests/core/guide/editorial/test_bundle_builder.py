"""Composing a life-event bundle from existing items, and publishing it through review."""

from __future__ import annotations

import pytest

from core.guide.editorial import EditorialError
from core.guide.editorial.bundle_builder import plan_bundle
from core.identity.permissions import PermissionDenied, Role, StaffPrincipal
from core.services import bundle_workflow, guide_service

REVIEWER = StaffPrincipal("zhao.reviewer", "Zhao", frozenset({Role.REVIEWER}))
TELLER = StaffPrincipal("li.teller", "Li", frozenset({Role.TELLER}))
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


def test_a_bundle_is_checked_against_the_catalogue_when_saved(seeded_env) -> None:
    with pytest.raises(PermissionDenied):
        bundle_workflow().save(TELLER, "YJS901", _bundle())
    with pytest.raises(EditorialError) as refused:
        bundle_workflow().save(EDITOR, "X1", _bundle(code="X1", items=ID_ITEMS[:1]))
    assert {"code", "items"} <= set(refused.value.problems)
    with pytest.raises(EditorialError, match="invalid"):
        bundle_workflow().save(EDITOR, "YJS901", _bundle(life_event="no_such_event"))
    with pytest.raises(EditorialError, match="invalid"):
        bundle_workflow().save(EDITOR, "YJS902", _bundle())  # the code is the key
    assert bundle_workflow().versions("YJS901") == []


def test_a_new_bundle_reaches_citizens_only_once_a_second_person_approves(seeded_env) -> None:
    saved = bundle_workflow().save(EDITOR, "YJS901", _bundle())
    assert [v.number for v in bundle_workflow().versions("YJS901")] == [1]  # nothing before it
    bundle_workflow().submit(EDITOR, "YJS901")
    assert saved.author == "wang.editor" and guide_service().bundle_guide("YJS901") is None
    with pytest.raises(PermissionDenied):
        bundle_workflow().approve(EDITOR, "YJS901")
    bundle_workflow().approve(REVIEWER, "YJS901")
    published = guide_service().bundle_guide("YJS901")
    assert published is not None and [i.code for i in published.items] == ID_ITEMS


def test_citizens_keep_the_published_bundle_while_a_change_waits(seeded_env) -> None:
    bundle_workflow().save(EDITOR, "YJS901", _bundle())
    bundle_workflow().submit(EDITOR, "YJS901")
    bundle_workflow().approve(REVIEWER, "YJS901")
    bundle_workflow().save(EDITOR, "YJS901", _bundle(plain_name="身份证补办换领一次办"))
    bundle_workflow().submit(EDITOR, "YJS901")
    assert guide_service().bundle_guide("YJS901").bundle.plain_name == "身份证的事一次办"
    assert "+plain_name: 身份证补办换领一次办" in bundle_workflow().diff("YJS901", 1, 2)


def test_publishing_a_bundle_now_is_flagged_until_someone_else_reviews(seeded_env) -> None:
    state = bundle_workflow().publish_now(REVIEWER, "YJS901", "Opening day of the new hall", _bundle())
    assert state.flagged and state.version == 1 and guide_service().bundle_guide("YJS901") is not None
    with pytest.raises(EditorialError, match="same_person"):
        bundle_workflow().confirm_review(REVIEWER, "YJS901")
    other = StaffPrincipal("qian.reviewer", "Qian", frozenset({Role.REVIEWER}))
    assert not bundle_workflow().confirm_review(other, "YJS901").flagged
