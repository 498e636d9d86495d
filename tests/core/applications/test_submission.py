"""Submission stores the application and its outbox entries together, then gives the receipt;
double submits, reconnects and reused keys never make a second application."""

import pytest
from sqlmodel import Session, select

from core.applications import submission as submission_module
from core.applications.delivery.outbox import OutboxEntry
from core.applications.drafts import DraftNotFound, Drafts
from core.applications.records import ApplicationRecord
from core.applications.submission import SubmissionError
from core.testing.factories import make_id_number
from core.testing.fakes import SettableClock

RENT = "200070001001"
APPLICANT = {
    "applicant_name": "张建国",
    "applicant_id_number": make_id_number("410402", "19650312", "013"),
    "applicant_phone": "13812345678",
}


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


def _rent_draft(drafts: Drafts, owner: str = "alice", rent: str = "1500") -> str:
    draft = drafts.start(owner, RENT, "no_contract")
    drafts.save_step(
        owner,
        draft.id,
        {
            **APPLICANT,
            "monthly_rent": rent,
            "owns_home_in_city": "false",
            "bank_account": "6222021234567890123",
        },
        step=1,
    )
    return draft.id


def _count(engine, table) -> int:
    with Session(engine) as session:
        return len(session.exec(select(table)).all())


def test_receipt_only_after_application_and_outbox_are_stored(engine, drafts, submissions) -> None:
    receipt = submissions.submit("alice", _rent_draft(drafts), "key-1")
    assert len(receipt.receipt_no) == 16 and receipt.receipt_no.isdigit()
    with Session(engine) as session:
        entries = session.exec(select(OutboxEntry)).all()
    assert [(e.application_id, e.department) for e in entries] == [(receipt.application_id, "housing_fund")]
    assert entries[0].payload["receipt_no"] == receipt.receipt_no
    assert RENT in receipt.decisions


def test_incomplete_answers_are_refused_and_nothing_is_stored(engine, drafts, submissions) -> None:
    draft = drafts.start("alice", RENT, "no_contract")
    with pytest.raises(SubmissionError) as refused:
        submissions.submit("alice", draft.id, "key-1")
    assert refused.value.code == "incomplete" and "monthly_rent" in refused.value.errors
    assert _count(engine, ApplicationRecord) == 0 and _count(engine, OutboxEntry) == 0


def test_double_submit_and_reconnect_make_one_application(engine, drafts, submissions) -> None:
    draft_id = _rent_draft(drafts)
    first = submissions.submit("alice", draft_id, "key-1")
    assert submissions.submit("alice", draft_id, "key-1") == first
    assert submissions.submit("alice", draft_id, "key-after-reconnect") == first
    assert _count(engine, ApplicationRecord) == 1 and _count(engine, OutboxEntry) == 1


def test_same_key_with_another_payload_is_refused(drafts, submissions) -> None:
    submissions.submit("alice", _rent_draft(drafts, rent="1500"), "key-1")
    with pytest.raises(SubmissionError, match="idempotency_conflict"):
        submissions.submit("alice", _rent_draft(drafts, rent="2500"), "key-1")


def test_a_failure_while_storing_leaves_nothing_behind(engine, drafts, submissions, monkeypatch) -> None:
    draft_id = _rent_draft(drafts)

    def broken_enqueue(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(submission_module, "enqueue", broken_enqueue)
    with pytest.raises(RuntimeError):
        submissions.submit("alice", draft_id, "key-1")
    assert _count(engine, ApplicationRecord) == 0
    assert not drafts.get("alice", draft_id).submitted


def test_bundle_goes_to_each_department_once(engine, drafts, submissions, seed_catalogue) -> None:
    bundle = next(b for b in seed_catalogue.bundles if "新生儿" in b.name)
    draft = drafts.start("alice", bundle.code)
    answers = {
        **APPLICANT,
        "child_name": "王小明",
        "child_sex": "M",
        "child_birth_date": "2026-11-20",
        "birth_hospital": "平顶山市第一人民医院",
        "mother_name": "李秀英",
        "mother_id_number": make_id_number("410402", "19950728", "024"),
        "father_name": "王志强",
        "father_id_number": make_id_number("410403", "19930105", "035"),
        "address": "新华区建设路 1 号",
        "hukou_follows": "father",
        "bank_card_pickup": "post",
    }
    drafts.save_step("alice", draft.id, answers, step=1)
    receipt = submissions.submit("alice", draft.id, "key-b")
    departments = {i.department for i in seed_catalogue.bundle_items(bundle)}
    with Session(engine) as session:
        entries = session.exec(select(OutboxEntry)).all()
    assert sorted(e.department for e in entries) == sorted(departments)
    timeline = submissions.timeline("alice", receipt.application_id)
    assert {e.item_code for e in timeline if e.item_code} == set(bundle.items)


def test_another_citizens_receipt_is_not_found(drafts, submissions) -> None:
    receipt = submissions.submit("alice", _rent_draft(drafts), "key-1")
    with pytest.raises(DraftNotFound):
        submissions.receipt("mallory", receipt.application_id)
    with pytest.raises(DraftNotFound):
        submissions.timeline("mallory", receipt.application_id)
    assert submissions.mine("mallory") == []
    assert [r.receipt_no for r in submissions.mine("alice")] == [receipt.receipt_no]
