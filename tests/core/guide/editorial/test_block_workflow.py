"""Content blocks go through the same review as guides: guides keep showing a block's
published text until a second person approves the change; every step is audited."""

from __future__ import annotations

import pytest

from core.guide.editorial import EditorialError, GuideStatus
from core.identity.permissions import Role, StaffPrincipal
from core.services import audit_log, block_workflow, content_blocks

EDITOR = StaffPrincipal("wang.editor", "Wang", frozenset({Role.EDITOR}))
REVIEWER = StaffPrincipal("zhao.reviewer", "Zhao", frozenset({Role.REVIEWER}))
SLUG = "hall-xinhua"


def _block(body: str) -> dict:
    return {"title": "新华区大厅", "body": body, "body_en": ""}


def test_a_block_is_published_only_on_review(seeded_env) -> None:
    block_workflow().save(EDITOR, SLUG, _block("新华区建设路 1 号"))
    block_workflow().submit(EDITOR, SLUG)
    assert SLUG not in content_blocks().blocks()
    approved = block_workflow().approve(REVIEWER, SLUG)
    assert approved.status is GuideStatus.PUBLISHED
    assert content_blocks().blocks()[SLUG].body == "新华区建设路 1 号"
    block_workflow().save(EDITOR, SLUG, _block("新华区建设路 9 号"))
    assert content_blocks().blocks()[SLUG].body == "新华区建设路 1 号"  # the draft waits
    assert [v.number for v in block_workflow().versions(SLUG)] == [2, 1]
    actions = [(e.action, e.actor) for e in reversed(audit_log().events("block."))]
    assert actions == [
        ("block.save", "wang.editor"),
        ("block.submit", "wang.editor"),
        ("block.approve", "zhao.reviewer"),
        ("block.save", "wang.editor"),
    ]


def test_bad_blocks_are_refused(seeded_env) -> None:
    with pytest.raises(EditorialError, match="bad_slug"):
        block_workflow().save(EDITOR, "Hall Xinhua", _block("地址"))
    with pytest.raises(EditorialError) as refused:
        block_workflow().save(EDITOR, SLUG, _block(""))
    assert refused.value.code == "invalid" and refused.value.problems == ("body",)
    with pytest.raises(EditorialError, match="not_found"):
        block_workflow().state(SLUG)


def test_the_author_cannot_approve_their_own_block(seeded_env) -> None:
    block_workflow().save(REVIEWER, SLUG, _block("新华区建设路 1 号"))
    block_workflow().submit(REVIEWER, SLUG)
    with pytest.raises(EditorialError, match="same_person"):
        block_workflow().approve(REVIEWER, SLUG)
    assert SLUG not in content_blocks().blocks()


def test_an_admin_publishes_a_block_now_as_written(seeded_env) -> None:
    admin = StaffPrincipal("sun.admin", "Sun", frozenset({Role.ADMIN}))  # may publish, not edit
    state = block_workflow().publish_now(
        admin, SLUG, "The hall moved over the weekend", _block("建设路 9 号")
    )
    assert (state.flagged, state.author, state.version) == (True, "sun.admin", 1)
    assert content_blocks().blocks()[SLUG].body == "建设路 9 号"
    assert block_workflow().confirm_review(REVIEWER, SLUG).flagged is False
