"""告知承诺 at a branch is signed when the customer confirms the consent on their phone, with
the exact text the phone showed: the text of the scenario the teller asked for, the one the
draft is then started with. A text changed after the phone showed it is never taken as signed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlmodel import Session, select

from core.applications.commitment_records import CommitmentRecord
from core.applications.commitment_terms import default_terms
from core.bank.audit import Desk
from core.bank.errors import BankRuleError
from core.db import get_engine
from core.services import bank, commitments, terminal_registry

CHANGE = "010090002002"  # 个体户变更: 告知承诺 for its basic_items scenario only


@pytest.fixture
def desk(terminals) -> Desk:
    return Desk("x.teller", "柜员x", terminal_registry().get(terminals["x"].id))


@pytest.fixture
def revise_text(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Publish a new version of the item's commitment text (restored after the test)."""
    library = default_terms()

    def revise() -> None:
        old = library.for_item(CHANGE, "basic_items")
        monkeypatch.setitem(library._terms, CHANGE, replace(old, text_zh=old.text_zh + "（2026年修订）"))

    return revise


def _phone_reads(code: str, citizen_id: str):
    [item] = bank().consents.for_citizen(code, citizen_id).consent_items
    return item


def test_a_text_changed_after_the_phone_signed_stays_signed_as_shown(
    desk, citizen, seeded_env: str, revise_text
) -> None:
    service = bank()
    asked = service.consents.ask(desk, citizen.id, [CHANGE])
    shown = _phone_reads(asked.code, citizen.id)
    service.consents.answer(
        asked.code, citizen.id, accept=True, sign_commitments=True, shown={CHANGE: shown.commitment_sha256}
    )
    revise_text()  # between the consent and the teller starting the draft
    draft = service.applications.start(desk, citizen.id, CHANGE)
    with Session(get_engine(seeded_env)) as session:
        [record] = session.exec(select(CommitmentRecord).where(CommitmentRecord.draft_id == draft.id)).all()
    assert (record.text_hash, record.channel, record.signer_name) == (
        shown.commitment_sha256,
        "bank_phone",
        citizen.name,
    )
    after = _phone_reads(asked.code, citizen.id)  # the phone keeps showing what was signed
    assert (after.commitment_zh, after.commitment_sha256) == (shown.commitment_zh, shown.commitment_sha256)
    [offer] = commitments().offers(citizen.id, draft.id)
    assert offer.text_hash != shown.commitment_sha256 and offer.signature is None  # not signed: new text
    receipt = service.applications.submit(desk, citizen.id, draft.id, "key-stale")
    assert receipt.decisions[CHANGE]["outcome"] != "committed"  # decided without the commitment


def test_a_consent_naming_a_stale_text_is_refused_until_read_again(desk, citizen, revise_text) -> None:
    service = bank()
    asked = service.consents.ask(desk, citizen.id, [CHANGE])
    stale = _phone_reads(asked.code, citizen.id).commitment_sha256
    revise_text()  # while the customer reads on the phone
    with pytest.raises(BankRuleError) as refused:
        service.consents.answer(
            asked.code, citizen.id, accept=True, sign_commitments=True, shown={CHANGE: stale}
        )
    assert refused.value.code == "commitment_text_changed"
    assert service.consents.for_desk(desk, asked.id).status == "pending"
    reread = _phone_reads(asked.code, citizen.id)
    assert "2026年修订" in reread.commitment_zh and reread.commitment_sha256 != stale
    confirmed = service.consents.answer(
        asked.code, citizen.id, accept=True, sign_commitments=True, shown={CHANGE: reread.commitment_sha256}
    )
    assert confirmed.is_confirmed and confirmed.commitments == (CHANGE,)
    draft = service.applications.start(desk, citizen.id, CHANGE)
    [offer] = commitments().offers(citizen.id, draft.id)
    assert offer.signature is not None and offer.signature.text_hash == reread.commitment_sha256
    receipt = service.applications.submit(desk, citizen.id, draft.id, "key-reread")
    assert receipt.decisions[CHANGE]["outcome"] == "committed"


def test_the_phone_shows_the_commitment_of_the_scenario_the_draft_will_have(desk, citizen) -> None:
    service = bank()
    asked = service.consents.ask(desk, citizen.id, [CHANGE], scenarios={CHANGE: "new_operator"})
    shown = _phone_reads(asked.code, citizen.id)
    assert (shown.scenario_id, shown.commitment_zh, shown.commitment_sha256) == ("new_operator", "", "")
    assert service.consents.answer(asked.code, citizen.id, accept=True).commitments == ()
    with pytest.raises(BankRuleError) as other:  # not the case the customer consented to
        service.applications.start(desk, citizen.id, CHANGE, scenario_id="basic_items")
    assert other.value.code == "consent_required"
    draft = service.applications.start(desk, citizen.id, CHANGE)
    assert draft.scenario_id == "new_operator"
    assert commitments().offers(citizen.id, draft.id) == []


def test_an_unknown_scenario_cannot_be_asked_for(desk, citizen) -> None:
    with pytest.raises(BankRuleError) as refused:
        bank().consents.ask(desk, citizen.id, [CHANGE], scenarios={CHANGE: "no_such_case"})
    assert refused.value.code == "not_found"
