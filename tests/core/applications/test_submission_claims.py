"""One submission per idempotency key at a time (on SQLite and PostgreSQL, across threads); a
finished one replays; the claim is released or expires;
the owner's view finds applications by receipt number and lists status changes after a cursor."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core.applications.applicant_view import ApplicantView
from core.applications.drafts import DraftNotFound, Drafts
from core.applications.prefill import locked_fields, prefilled_answers, start_prefilled
from core.applications.records import ApplicationRecord
from core.applications.submission import SubmissionError, Submissions
from core.applications.submission_claims import IN_FLIGHT_TTL, release_claim, take_claim
from core.clock import utcnow
from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.testing.factories import make_id_number

RENT = "200070001001"
KNOWN = {
    "citizen.name": "张建国",
    "citizen.id_number": make_id_number("410402", "19650312", "013"),
    "citizen.phone": "13812345678",
}
REST = {"monthly_rent": "1500", "owns_home_in_city": "false", "bank_account": "6222021234567890123"}


@pytest.fixture
def engine(database_url: str):
    return get_engine(database_url)


@pytest.fixture
def drafts(engine, seed_catalogue: Catalogue) -> Drafts:
    return Drafts(engine, seed_catalogue)


@pytest.fixture
def submissions(engine, seed_catalogue: Catalogue) -> Submissions:
    return Submissions(engine, seed_catalogue)


def _ready(drafts: Drafts, owner: str = "alice") -> str:
    draft = start_prefilled(drafts, KNOWN, owner, RENT, "no_contract", "mobile")
    drafts.save_step(owner, draft.id, REST, step=1)
    return draft.id


def test_prefill_fills_and_locks_what_the_verified_identity_knows(drafts: Drafts) -> None:
    draft = start_prefilled(drafts, KNOWN, "alice", RENT, "", "mobile")
    form = drafts.form(draft)
    assert draft.answers["applicant_name"] == "张建国"
    assert locked_fields(form, KNOWN) == {"applicant_name", "applicant_id_number", "applicant_phone"}
    assert prefilled_answers(form, {}) == {} and locked_fields(form, {}) == set()


def test_first_submit_creates_then_the_same_key_replays(submissions: Submissions, drafts: Drafts) -> None:
    draft_id = _ready(drafts)
    first = submissions.submit("alice", draft_id, "k", channel="mobile")
    again = submissions.submit("alice", draft_id, "k", channel="mobile")
    assert (first.replayed, again.replayed) == (False, True) and again == first


def test_a_key_held_by_another_request_is_in_progress_until_released(
    submissions: Submissions, drafts: Drafts, engine
) -> None:
    draft_id = _ready(drafts)
    assert take_claim(engine, "alice", "busy", utcnow())
    with pytest.raises(SubmissionError, match="in_progress"):
        submissions.submit("alice", draft_id, "busy", channel="mobile")
    release_claim(engine, "alice", "busy")
    receipt = submissions.submit("alice", draft_id, "busy", channel="mobile")
    assert not receipt.replayed and receipt.receipt_no


def test_a_claim_left_by_a_dead_worker_expires(submissions: Submissions, drafts: Drafts, engine) -> None:
    draft_id = _ready(drafts)
    assert take_claim(engine, "alice", "orphan", utcnow() - IN_FLIGHT_TTL - timedelta(seconds=1))
    receipt = submissions.submit("alice", draft_id, "orphan", channel="mobile")
    assert not receipt.replayed and receipt.receipt_no


def test_a_claim_is_per_owner_and_key(engine) -> None:
    now = utcnow()
    assert take_claim(engine, "alice", "k", now)
    assert not take_claim(engine, "alice", "k", now)
    assert take_claim(engine, "alice", "other", now) and take_claim(engine, "bob", "k", now)


def test_a_failed_submission_releases_its_claim(submissions: Submissions, drafts: Drafts, engine) -> None:
    draft = drafts.start("alice", RENT, "no_contract")
    with pytest.raises(SubmissionError, match="incomplete"):
        submissions.submit("alice", draft.id, "retry", channel="mobile")
    assert take_claim(engine, "alice", "retry", utcnow())


def test_other_answers_under_a_used_key_are_a_conflict(submissions: Submissions, drafts: Drafts) -> None:
    submissions.submit("alice", _ready(drafts), "same", channel="mobile")
    with pytest.raises(SubmissionError, match="idempotency_conflict"):
        submissions.submit("alice", _ready(drafts), "same", channel="mobile")


def test_concurrent_submissions_of_one_key_store_one_application(
    submissions: Submissions, drafts: Drafts, engine
) -> None:
    draft_id = _ready(drafts)
    go = threading.Barrier(6)

    def submit_now() -> tuple[str, str]:
        go.wait()
        try:
            receipt = submissions.submit("alice", draft_id, "race", channel="mobile")
        except SubmissionError as refused:
            return refused.code, ""
        return ("replayed" if receipt.replayed else "created"), receipt.receipt_no

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda _i: submit_now(), range(6)))
    kinds = [kind for kind, _no in outcomes]
    assert kinds.count("created") == 1 and set(kinds) <= {"created", "replayed", "in_progress"}
    assert len({no for _kind, no in outcomes if no}) == 1
    with Session(engine) as session:
        stored = session.exec(select(ApplicationRecord).where(ApplicationRecord.owner_id == "alice")).all()
    assert len(stored) == 1
    assert take_claim(engine, "alice", "race", utcnow())  # every claim was released


def test_owner_view_finds_by_receipt_and_lists_changes_after_a_cursor(
    submissions: Submissions, drafts: Drafts, engine
) -> None:
    receipt = submissions.submit("alice", _ready(drafts), "k", channel="mobile")
    view = ApplicantView(engine)
    assert view.application_id_for_receipt("alice", receipt.receipt_no) == receipt.application_id
    with pytest.raises(DraftNotFound):
        view.application_id_for_receipt("bob", receipt.receipt_no)
    changes = view.status_changes("alice")
    assert changes[0].status == "submitted" and changes[0].receipt_no == receipt.receipt_no
    assert view.status_changes("alice", after_id=changes[-1].id) == []
    assert view.status_changes("bob") == []
