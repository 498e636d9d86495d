"""The guide workflow on a migrated, seeded database: drafts as versions, a second person
approves, publish-now needs a reason and stays flagged, scheduled publishing, restore, and
every channel's GuideService sees the published text on its next read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.audit import AuditEvent
from core.guide.editorial import Editorial, EditorialError, GuideStatus
from core.guide.repository import SqlCatalogueRepository
from core.identity.permissions import PermissionDenied, Role, StaffPrincipal
from core.services import audit_log, block_workflow, content_blocks, editorial, guide_service

CODE = "070010001003"  # 居民身份证补领
EDITOR = StaffPrincipal("wang.editor", "Wang", frozenset({Role.EDITOR}))
REVIEWER = StaffPrincipal("zhao.reviewer", "Zhao", frozenset({Role.REVIEWER}))
OTHER_REVIEWER = StaffPrincipal("qian.reviewer", "Qian", frozenset({Role.REVIEWER}))
TELLER = StaffPrincipal("li.teller", "Li", frozenset({Role.TELLER}))


def rewrite(title: str = "身份证丢了，这样补办") -> dict:
    text = editorial().state(CODE).text.model_dump()
    return text | {"plain_name": title, "summary": "带上户口簿去户政窗口，拍照后 20 天左右拿到新证。"}


def actions() -> list[tuple[str, str, str]]:
    return [(e.action, e.outcome, e.actor) for e in reversed(audit_log().events("guide."))]


def test_draft_review_publish_reaches_every_channel(seeded_env) -> None:
    service = guide_service()
    assert service.item(CODE).plain_name == "身份证丢了怎么补办"
    saved = editorial().save(EDITOR, CODE, rewrite())
    assert (saved.status, saved.version, saved.author) == (GuideStatus.DRAFT, 1, "wang.editor")
    assert service.item(CODE).plain_name == "身份证丢了怎么补办"  # drafts are not published
    editorial().submit(EDITOR, CODE)
    published = editorial().approve(REVIEWER, CODE)
    assert published.status is GuideStatus.PUBLISHED and published.published_version == 1
    assert service.item(CODE).plain_name == "身份证丢了，这样补办"
    assert actions() == [
        ("guide.save", "ok", "wang.editor"),
        ("guide.submit", "ok", "wang.editor"),
        ("guide.approve", "ok", "zhao.reviewer"),
    ]


def test_the_author_cannot_approve_their_own_text(seeded_env) -> None:
    editorial().save(REVIEWER, CODE, rewrite())
    editorial().submit(REVIEWER, CODE)
    with pytest.raises(EditorialError, match="same_person"):
        editorial().approve(REVIEWER, CODE)
    assert editorial().state(CODE).status is GuideStatus.IN_REVIEW
    assert ("guide.approve", "refused", "zhao.reviewer") in actions()


def test_roles_are_checked_in_core(seeded_env) -> None:
    with pytest.raises(PermissionDenied):
        editorial().save(TELLER, CODE, rewrite())
    with pytest.raises(PermissionDenied):
        editorial().save(None, CODE, rewrite())
    editorial().save(EDITOR, CODE, rewrite())
    editorial().submit(EDITOR, CODE)
    with pytest.raises(PermissionDenied):
        editorial().approve(EDITOR, CODE)  # editors write; reviewers approve
    with pytest.raises(PermissionDenied):
        editorial().publish_now(EDITOR, CODE, "urgent fix of a wrong fee")


def test_publish_now_needs_a_reason_and_stays_flagged_until_reviewed(seeded_env) -> None:
    editorial().save(EDITOR, CODE, rewrite())
    with pytest.raises(EditorialError, match="reason_needed"):
        editorial().publish_now(REVIEWER, CODE, "  urgent ")
    state = editorial().publish_now(REVIEWER, CODE, "The fee changed today by provincial notice")
    assert state.flagged and state.status is GuideStatus.PUBLISHED
    assert guide_service().item(CODE).plain_name == "身份证丢了，这样补办"
    with pytest.raises(EditorialError, match="same_person"):
        editorial().confirm_review(REVIEWER, CODE)  # the publisher cannot review it
    assert not editorial().confirm_review(OTHER_REVIEWER, CODE).flagged


def test_scheduled_publishing_waits_for_its_time(seeded_env) -> None:
    now = [datetime(2026, 12, 1, 8, 0, tzinfo=UTC)]
    engine_editorial = editorial()
    timed = Editorial(
        engine_editorial._engine,
        SqlCatalogueRepository(engine_editorial._engine),
        audit_log(),
        content_blocks().blocks,
        clock=lambda: now[0],
    )
    timed.save(EDITOR, CODE, rewrite())
    timed.submit(EDITOR, CODE)
    with pytest.raises(EditorialError, match="bad_time"):
        timed.approve(REVIEWER, CODE, publish_at=now[0] - timedelta(minutes=1))
    state = timed.approve(REVIEWER, CODE, publish_at=now[0] + timedelta(hours=2))
    assert state.status is GuideStatus.SCHEDULED
    assert timed.publish_due() == []
    assert guide_service().item(CODE).plain_name == "身份证丢了怎么补办"
    now[0] += timedelta(hours=2)
    assert timed.publish_due() == [CODE]
    assert guide_service().item(CODE).plain_name == "身份证丢了，这样补办"
    assert timed.publish_due() == []


def test_every_version_is_kept_with_a_diff_and_restore(seeded_env) -> None:
    editorial().save(EDITOR, CODE, rewrite("第一稿"))
    editorial().save(EDITOR, CODE, rewrite("第二稿"))
    assert [v.number for v in editorial().versions(CODE)] == [2, 1, 0]
    assert "+plain_name: 第一稿" in editorial().diff(CODE, 0, 1)
    diff = editorial().diff(CODE, 1, 2)
    assert "-plain_name: 第一稿" in diff and "+plain_name: 第二稿" in diff
    restored = editorial().restore(EDITOR, CODE, 1)
    assert restored.version == 3 and restored.text.plain_name == "第一稿"
    with pytest.raises(EditorialError, match="unknown_version"):
        editorial().restore(EDITOR, CODE, 9)


def test_bad_input_is_refused_with_the_fields_named(seeded_env) -> None:
    with pytest.raises(EditorialError) as refused:
        editorial().save(EDITOR, CODE, rewrite("") | {"steps": []})
    assert refused.value.code == "invalid" and {"plain_name", "steps"} <= set(refused.value.problems)
    with pytest.raises(EditorialError, match="not_found"):
        editorial().save(EDITOR, "999999999999", rewrite())
    assert editorial().versions(CODE) == []


def _publish_block(body: str, body_en: str = "") -> None:
    block = {"title": "新华区大厅", "body": body, "body_en": body_en}
    block_workflow().save(EDITOR, "hall-xinhua", block)
    block_workflow().submit(EDITOR, "hall-xinhua")
    block_workflow().approve(REVIEWER, "hall-xinhua")


def test_content_blocks_are_resolved_for_every_channel(seeded_env) -> None:
    with pytest.raises(EditorialError, match="unknown_block"):
        editorial().save(EDITOR, CODE, rewrite() | {"summary": "地址：{{block:hall-xinhua}}"})
    _publish_block("新华区建设路 1 号", "1 Jianshe Road")
    text = rewrite() | {"summary": "地址：{{block:hall-xinhua}}", "summary_en": "At {{block:hall-xinhua}}"}
    editorial().save(EDITOR, CODE, text)
    editorial().publish_now(REVIEWER, CODE, "Hall address block introduced")
    item = guide_service().item(CODE)
    assert (item.summary, item.summary_en) == ("地址：新华区建设路 1 号", "At 1 Jianshe Road")
    assert (
        editorial().state(CODE).text.summary == "地址：{{block:hall-xinhua}}"
    )  # editors keep the placeholder
    _publish_block("新华区建设路 9 号")
    assert guide_service().item(CODE).summary == "地址：新华区建设路 9 号"
    assert set(content_blocks().blocks()) == {"hall-xinhua"}


def test_publish_now_publishes_what_is_on_screen(seeded_env) -> None:
    editorial().save(EDITOR, CODE, rewrite("保存过的标题"))
    on_screen = rewrite("屏幕上改过还没保存")
    state = editorial().publish_now(REVIEWER, CODE, "The fee changed today by provincial notice", on_screen)
    assert (state.version, state.published_version, state.flagged) == (2, 2, True)
    assert guide_service().item(CODE).plain_name == "屏幕上改过还没保存"
    assert [v.note for v in editorial().versions(CODE)][:1] == ["published now"]


def test_publish_now_of_the_saved_text_adds_no_version(seeded_env) -> None:
    editorial().save(EDITOR, CODE, rewrite())
    state = editorial().publish_now(REVIEWER, CODE, "The fee changed today by provincial notice", rewrite())
    assert (state.version, state.published_version) == (1, 1)


def test_publish_now_with_a_bad_reason_saves_nothing(seeded_env) -> None:
    editorial().save(EDITOR, CODE, rewrite())
    with pytest.raises(EditorialError, match="reason_needed"):
        editorial().publish_now(REVIEWER, CODE, "short", rewrite("不该保存"))
    assert [v.number for v in editorial().versions(CODE)] == [1, 0]


def test_audit_never_misses_a_refusal(seeded_env) -> None:
    with pytest.raises(PermissionDenied):
        editorial().submit(TELLER, CODE)
    denied = audit_log().events("permission.denied")
    assert denied and isinstance(denied[0], AuditEvent) and denied[0].actor == "li.teller"


def test_the_publisher_worker_publishes_what_is_due(seeded_env) -> None:
    from core.guide.editorial.publisher import ScheduledPublisher

    now = [datetime(2026, 12, 1, 8, 0, tzinfo=UTC)]
    base = editorial()
    timed = Editorial(base._engine, SqlCatalogueRepository(base._engine), audit_log(), clock=lambda: now[0])
    timed.save(EDITOR, CODE, rewrite())
    timed.submit(EDITOR, CODE)
    timed.approve(REVIEWER, CODE, publish_at=now[0] + timedelta(minutes=5))
    worker = ScheduledPublisher(timed, poll_seconds=0.01)
    assert worker.run_once() == []
    now[0] += timedelta(minutes=5)
    assert worker.run_once() == [CODE]
    assert ("guide.publish_scheduled", "ok", "zhao.reviewer") in actions()
