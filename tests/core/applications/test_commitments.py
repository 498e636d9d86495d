"""告知承诺: the citizen signs the exact text they read, the application is decided on the
commitment with a deadline for each material still owed, and supplying it clears it."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from core.applications.commitment_records import CommitmentRecord, OwedMaterial
from core.applications.commitments import CommitmentRefused, deadline
from core.applications.delivery.outbox import OutboxEntry
from core.applications.drafts import DraftNotFound
from core.applications.records import ApplicationEvent, ApplicationRecord
from core.applications.submission import SubmissionError, Submissions
from core.testing.commitments import APPLICANT, NAME, TEACHER, add_citizen, sign, teacher_draft

LEGAL_AID = "200160001000"  # 法律援助: commitment, nothing owed


def test_deadline_counts_calendar_days_from_the_beijing_date_of_the_decision() -> None:
    late_evening_utc = datetime(2026, 11, 28, 17, 30, tzinfo=UTC)  # already the 29th in Beijing
    assert deadline(late_evening_utc, 30) == date(2026, 12, 29)
    assert deadline(datetime(2026, 11, 28, 15, 59, tzinfo=UTC), 1) == date(2026, 11, 29)
    assert deadline(datetime(2027, 2, 20, 2, 0, tzinfo=UTC), 10) == date(2027, 3, 2)


def test_the_offer_shows_the_text_both_languages_and_the_deadlines(engine, drafts, commitments) -> None:
    add_citizen(engine)
    offers = commitments.offers("alice", teacher_draft(drafts))
    assert [o.item_code for o in offers] == [TEACHER]
    offer = offers[0]
    assert offer.required and offer.signature is None
    assert "本人承诺" in offer.text_zh and "I undertake" in offer.text_en and len(offer.text_hash) == 64
    assert [(o.material_id, o.due_on) for o in offer.owed] == [("medical_examination", date(2026, 12, 29))]


def test_an_item_without_commitment_terms_offers_nothing(drafts, commitments) -> None:
    draft = drafts.start("alice", "200070001001", "no_contract")
    assert commitments.offers("alice", draft.id) == []


def test_signing_stores_who_when_where_and_which_text(engine, drafts, commitments, clock) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    signature = sign(commitments, draft_id, typed_name=" 王 晓梅 ", channel="bank_phone")
    with Session(engine) as session:
        row = session.exec(select(CommitmentRecord)).one()
    assert row.signer_name == NAME and row.channel == "bank_phone" and row.text_hash == signature.text_hash
    assert signature.signed_at == clock.now
    assert commitments.offers("alice", draft_id)[0].signature == signature


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"agreed": False}, "not_agreed"),
        ({"typed_name": "李四"}, "name_mismatch"),
        ({"typed_name": "  "}, "name_mismatch"),
        ({"text_hash": "0" * 64}, "text_changed"),
    ],
)
def test_a_signature_without_every_element_is_refused(engine, drafts, commitments, changes, code) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    with pytest.raises(CommitmentRefused) as refused:
        sign(commitments, draft_id, **changes)
    assert refused.value.code == code
    with Session(engine) as session:
        assert session.exec(select(CommitmentRecord)).all() == []


def test_an_unverified_citizen_cannot_sign(engine, drafts, commitments) -> None:
    add_citizen(engine, verified=False)
    with pytest.raises(CommitmentRefused) as refused:
        sign(commitments, teacher_draft(drafts))
    assert refused.value.code == "not_verified"


def test_an_item_not_in_the_draft_cannot_be_signed(engine, drafts, commitments) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    text_hash = commitments.offers("alice", draft_id)[0].text_hash
    with pytest.raises(CommitmentRefused) as refused:
        commitments.sign(
            "alice", draft_id, LEGAL_AID, text_hash=text_hash, typed_name=NAME, agreed=True, channel="pc"
        )
    assert refused.value.code == "not_offered"


def test_another_citizens_draft_is_not_found(engine, drafts, commitments) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    with pytest.raises(DraftNotFound):
        sign(commitments, draft_id, owner="mallory")


def test_a_required_commitment_must_be_signed_before_submission(engine, drafts, submissions) -> None:
    add_citizen(engine)
    with pytest.raises(SubmissionError) as refused:
        submissions.submit("alice", teacher_draft(drafts), "key-1")
    assert refused.value.code == "commitment_required" and refused.value.errors == {TEACHER: "not_signed"}
    with Session(engine) as session:
        assert session.exec(select(ApplicationRecord)).all() == []


def test_signed_application_is_decided_on_commitment_with_deadlines(
    engine, drafts, commitments, submissions
) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    signature = sign(commitments, draft_id)
    receipt = submissions.submit("alice", draft_id, "key-1")
    assert receipt.decisions[TEACHER]["outcome"] == "committed"
    assert receipt.decisions[TEACHER]["results"][-1]["rule"] == "commitment"
    owed = commitments.owed("alice", receipt.application_id)
    assert [(o.material_id, o.due_on, o.supplied, o.overdue) for o in owed] == [
        ("medical_examination", date(2026, 12, 29), False, False)
    ]
    assert commitments.signatures("alice", receipt.application_id) == [signature]
    with Session(engine) as session:
        statuses = [e.status for e in session.exec(select(ApplicationEvent))]
        payload = session.exec(select(OutboxEntry)).one().payload
    assert "committed" in statuses
    assert payload["commitments"][0]["owed"] == [{"material": "medical_examination", "due_on": "2026-12-29"}]
    assert payload["commitments"][0]["text_sha256"] == signature.text_hash


def test_a_commitment_that_owes_nothing_is_still_decided_on_it(
    engine, drafts, commitments, submissions
) -> None:
    add_citizen(engine)
    draft = drafts.start("alice", LEGAL_AID, "financial_hardship")
    drafts.save_step("alice", draft.id, APPLICANT, step=1)
    sign(commitments, draft.id)
    receipt = submissions.submit("alice", draft.id, "key-1")
    assert receipt.decisions[LEGAL_AID]["outcome"] == "committed"
    assert commitments.owed("alice", receipt.application_id) == []


def test_a_signed_draft_cannot_be_signed_again_after_submission(
    engine, drafts, commitments, submissions
) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    sign(commitments, draft_id)
    submissions.submit("alice", draft_id, "key-1")
    with pytest.raises(CommitmentRefused) as refused:
        sign(commitments, draft_id)
    assert refused.value.code == "submitted"


def test_supplying_the_owed_material_clears_it_once(engine, drafts, commitments, submissions, clock) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    sign(commitments, draft_id)
    application_id = submissions.submit("alice", draft_id, "key-1").application_id
    with pytest.raises(DraftNotFound):
        commitments.supply("mallory", application_id, "medical_examination", "upload-1")
    clock.advance(days=40)
    assert commitments.owed("alice", application_id)[0].overdue
    line = commitments.supply("alice", application_id, "medical_examination", "upload-1")
    assert line.supplied and not line.overdue
    with pytest.raises(CommitmentRefused) as refused:
        commitments.supply("alice", application_id, "medical_examination", "upload-2")
    assert refused.value.code == "not_owed"
    with Session(engine) as session:
        row = session.exec(select(OwedMaterial)).one()
        assert row.upload_id == "upload-1"
        assert "supplied" in [e.status for e in session.exec(select(ApplicationEvent))]


def test_a_material_uploaded_before_submission_is_not_owed(engine, drafts, commitments, submissions) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    drafts.attach_facts(
        "alice", draft_id, {"uploads": {"medical_examination": [{"id": "u1", "name": "a.pdf"}]}}
    )
    sign(commitments, draft_id)
    application_id = submissions.submit("alice", draft_id, "key-1").application_id
    assert commitments.owed("alice", application_id) == []


def test_a_changed_text_is_not_taken_as_signed(engine, drafts, commitments, seed_catalogue, clock) -> None:
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    sign(commitments, draft_id)
    with Session(engine) as session:
        row = session.exec(select(CommitmentRecord)).one()
        row.text_hash = "f" * 64  # as if the editors published a new text after the signature
        session.add(row)
        session.commit()
    assert commitments.offers("alice", draft_id)[0].signature is None
    with pytest.raises(SubmissionError) as refused:
        Submissions(engine, seed_catalogue, clock, commitments=commitments).submit("alice", draft_id, "k")
    assert refused.value.code == "commitment_required"
