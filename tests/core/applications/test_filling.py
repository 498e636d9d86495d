"""Opening a form on any channel: one draft per item, prefilled from the verified identity,
and prefilled answers that a client cannot overwrite."""

import pytest

from core.applications.drafts import DraftNotFound, Drafts
from core.applications.filling import editable_answers, open_draft, prefilled_ids
from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.testing.factories import make_id_number

RENT = "200070001001"
NUMBER = make_id_number()
KNOWN = {"citizen.name": "张建国", "citizen.id_number": NUMBER, "citizen.phone": "13812345678"}


@pytest.fixture
def drafts(database_url: str, seed_catalogue: Catalogue) -> Drafts:
    return Drafts(get_engine(database_url), seed_catalogue)


def test_a_new_draft_is_prefilled_from_the_verified_identity(drafts: Drafts) -> None:
    draft = open_draft(drafts, KNOWN, "alice", RENT, channel="kiosk")
    assert draft.answers["applicant_name"] == "张建国"
    assert draft.answers["applicant_id_number"] == NUMBER
    assert prefilled_ids(drafts.form(draft), KNOWN) >= {"applicant_name", "applicant_id_number"}


def test_the_open_draft_is_reused_not_duplicated(drafts: Drafts) -> None:
    first = open_draft(drafts, KNOWN, "alice", RENT)
    again = open_draft(drafts, KNOWN, "alice", RENT)
    assert again.id == first.id
    assert len(drafts.mine("alice")) == 1


def test_nothing_is_prefilled_for_an_unverified_citizen(drafts: Drafts) -> None:
    draft = open_draft(drafts, {}, "bob", RENT)
    assert "applicant_name" not in draft.answers
    assert prefilled_ids(drafts.form(draft), {}) == set()


def test_an_unknown_item_is_not_found(drafts: Drafts) -> None:
    with pytest.raises(DraftNotFound):
        open_draft(drafts, KNOWN, "alice", "999999999999")


def test_a_client_cannot_overwrite_prefilled_answers_and_long_answers_are_cut() -> None:
    sent = {"applicant_name": "冒名", "monthly_rent": "9" * 1000}
    assert editable_answers(sent, {"applicant_name"}) == {"monthly_rent": "9" * 400}
