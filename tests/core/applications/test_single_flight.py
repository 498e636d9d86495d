"""One submission per idempotency key at a time; a finished one replays; the claim is released;
the owner's view finds applications by receipt number and lists status changes after a cursor."""

import pytest

from core.applications.applicant_view import ApplicantView
from core.applications.drafts import DraftNotFound, Drafts
from core.applications.prefill import locked_fields, prefilled_answers, start_prefilled
from core.applications.single_flight import SingleFlightSubmissions, claim_name
from core.applications.submission import SubmissionError, Submissions
from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.identity.nonces import SqlNonceStore, release_nonce, utcnow
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
def single(engine, seed_catalogue: Catalogue) -> SingleFlightSubmissions:
    return SingleFlightSubmissions(engine, Submissions(engine, seed_catalogue))


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


def test_first_submit_creates_then_the_same_key_replays(
    single: SingleFlightSubmissions, drafts: Drafts
) -> None:
    draft_id = _ready(drafts)
    first, created = single.submit("alice", draft_id, "k", "mobile")
    again, created_again = single.submit("alice", draft_id, "k", "mobile")
    assert (created, created_again) == (True, False) and again == first


def test_a_key_held_by_another_request_is_in_progress_until_released(
    single: SingleFlightSubmissions, drafts: Drafts, engine
) -> None:
    draft_id = _ready(drafts)
    name = claim_name("alice", "busy")
    assert SqlNonceStore(engine).consume(name, utcnow().replace(year=2100), utcnow())
    with pytest.raises(SubmissionError, match="in_progress"):
        single.submit("alice", draft_id, "busy", "mobile")
    release_nonce(engine, name)
    receipt, created = single.submit("alice", draft_id, "busy", "mobile")
    assert created and receipt.receipt_no


def test_a_failed_submission_releases_its_claim(
    single: SingleFlightSubmissions, drafts: Drafts, engine
) -> None:
    draft = drafts.start("alice", RENT, "no_contract")
    with pytest.raises(SubmissionError, match="incomplete"):
        single.submit("alice", draft.id, "retry", "mobile")
    assert SqlNonceStore(engine).consume(claim_name("alice", "retry"), utcnow().replace(year=2100), utcnow())


def test_owner_view_finds_by_receipt_and_lists_changes_after_a_cursor(
    single: SingleFlightSubmissions, drafts: Drafts, engine
) -> None:
    receipt, _ = single.submit("alice", _ready(drafts), "k", "mobile")
    view = ApplicantView(engine)
    assert view.application_id_for_receipt("alice", receipt.receipt_no) == receipt.application_id
    with pytest.raises(DraftNotFound):
        view.application_id_for_receipt("bob", receipt.receipt_no)
    changes = view.status_changes("alice")
    assert changes[0].status == "submitted" and changes[0].receipt_no == receipt.receipt_no
    assert view.status_changes("alice", after_id=changes[-1].id) == []
    assert view.status_changes("bob") == []
