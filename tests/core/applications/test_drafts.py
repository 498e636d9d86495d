"""Drafts are saved per step, owned, and resumable elsewhere by a single-use handoff code."""

import pytest

from core.applications.drafts import DraftInvalid, DraftNotFound, Drafts
from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.identity.codes import CodeError, CodeVerifier
from core.identity.nonces import InMemoryNonceStore
from core.testing.fakes import SettableClock

RENT = "200070001001"


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def drafts(database_url: str, seed_catalogue: Catalogue, clock: SettableClock) -> Drafts:
    return Drafts(get_engine(database_url), seed_catalogue, clock)


def test_steps_accumulate_and_validate(drafts: Drafts) -> None:
    draft = drafts.start("alice", RENT)
    drafts.save_step("alice", draft.id, {"monthly_rent": "1800"}, step=1)
    saved = drafts.save_step("alice", draft.id, {"owns_home_in_city": "false", "junk": "x"}, step=2)
    assert saved.answers == {"monthly_rent": 1800, "owns_home_in_city": False}
    assert saved.step == 2
    with pytest.raises(DraftInvalid) as invalid:
        drafts.save_step("alice", draft.id, {"monthly_rent": "lots"}, step=3)
    assert invalid.value.errors == {"monthly_rent": "not_a_number"}
    assert drafts.get("alice", draft.id).answers["monthly_rent"] == 1800


def test_another_citizen_cannot_see_or_change_a_draft(drafts: Drafts) -> None:
    draft = drafts.start("alice", RENT)
    with pytest.raises(DraftNotFound):
        drafts.get("mallory", draft.id)
    with pytest.raises(DraftNotFound):
        drafts.save_step("mallory", draft.id, {"monthly_rent": "1"}, step=1)
    assert drafts.mine("mallory") == []
    assert [d.id for d in drafts.mine("alice")] == [draft.id]


def test_bundle_draft_uses_the_merged_form(drafts: Drafts, seed_catalogue: Catalogue) -> None:
    bundle = next(b for b in seed_catalogue.bundles if "新生儿" in b.name)
    draft = drafts.start("alice", bundle.code)
    assert draft.target_kind == "bundle"
    saved = drafts.save_step("alice", draft.id, {"child_name": "王小明", "child_sex": "M"}, step=1)
    assert saved.answers == {"child_name": "王小明", "child_sex": "M"}


def test_unknown_target_is_not_found(drafts: Drafts) -> None:
    with pytest.raises(DraftNotFound):
        drafts.start("alice", "999999999999")


def test_handoff_code_resumes_once_and_only_for_the_owner(drafts: Drafts, clock: SettableClock) -> None:
    draft = drafts.start("alice", RENT)
    drafts.save_step("alice", draft.id, {"monthly_rent": "900"}, step=1)
    verifier = CodeVerifier(InMemoryNonceStore(), clock)
    code = drafts.handoff_code("alice", draft.id)
    resumed = drafts.resume_by_code(code.payload, "alice", verifier, channel="kiosk")
    assert resumed.id == draft.id and resumed.answers == {"monthly_rent": 900}
    with pytest.raises(CodeError):
        drafts.resume_by_code(code.payload, "alice", verifier, channel="kiosk")
    other = drafts.handoff_code("alice", draft.id)
    with pytest.raises(DraftNotFound):
        drafts.resume_by_code(
            other.payload, "mallory", CodeVerifier(InMemoryNonceStore(), clock), channel="mobile"
        )
    late = drafts.handoff_code("alice", draft.id)
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(CodeError) as expired:
        drafts.resume_by_code(late.payload, "alice", CodeVerifier(InMemoryNonceStore(), clock), channel="pc")
    assert expired.value.code == "expired"


def test_blank_answers_save_nothing_and_keep_earlier_ones(drafts: Drafts) -> None:
    draft = drafts.start("alice", RENT)
    drafts.save_step("alice", draft.id, {"monthly_rent": "1800"}, step=1)
    saved = drafts.save_step("alice", draft.id, {"monthly_rent": "  ", "bank_account": ""}, step=2)
    assert saved.answers == {"monthly_rent": 1800}
