"""Core rules of the bank channel: only bank items, only the item's own questions, nothing
submitted without the customer's consent from their phone; every act audited by pseudonym."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session, select

from core.audit import AuditEvent
from core.bank.audit import Desk, customer_key
from core.bank.channel import allowed_items, bank_item, most_asked_codes, only_the_items_own_questions
from core.bank.errors import BankRuleError
from core.bank.report import branch_report
from core.clock import BEIJING
from core.db import get_engine
from core.identity.records import CitizenRecord
from core.printing.printer import Printer
from core.services import bank, commitments, guide_service, terminal_registry
from tests.bank.conftest import BRANCH_X, BRANCH_Y, make_citizen

PROOF = "200070003000"  # 公积金缴存证明: a certificate loan officers ask for
CHANGE = "010090002002"  # 个体户变更: carries a 告知承诺


@pytest.fixture
def desks(terminals) -> dict[str, Desk]:
    registry = terminal_registry()
    return {
        name: Desk(f"{name}.teller", f"柜员{name}", registry.get(terminal.id))
        for name, terminal in terminals.items()
    }


def _events(database_url: str, prefix: str = "bank.") -> list[AuditEvent]:
    with Session(get_engine(database_url)) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action.startswith(prefix))))


def test_bank_channel_offers_only_items_marked_for_it(seeded_env: str) -> None:
    catalogue = guide_service().catalogue
    offered = allowed_items(catalogue)
    assert offered and all("bank" in catalogue.item(i.code).channels for i in offered)
    assert [i.code for i in offered[: len(most_asked_codes())]] == list(most_asked_codes())
    with pytest.raises(BankRuleError) as refused:
        bank_item(catalogue, "070010001003")  # 身份证补领: halls and kiosks only
    assert refused.value.code == "not_for_bank"


def test_every_most_asked_item_is_offered_at_banks(seed_catalogue) -> None:
    for code in most_asked_codes():
        assert "bank" in seed_catalogue.item(code).channels, code


def test_the_bank_may_ask_no_material_or_fee_of_its_own(seed_catalogue) -> None:
    item = seed_catalogue.item(PROOF)
    only_the_items_own_questions(item, "", {"applicant_phone": "13800000000"})
    with pytest.raises(BankRuleError) as refused:
        only_the_items_own_questions(item, "", {"applicant_phone": "13800000000", "bank_fee": "20"})
    assert refused.value.code == "not_in_form" and "bank_fee" in refused.value.fields


def test_nothing_starts_without_the_customers_consent(desks, citizen, seeded_env: str) -> None:
    with pytest.raises(BankRuleError) as refused:
        bank().applications.start(desks["x"], citizen.id, PROOF)
    assert refused.value.code == "consent_required"
    refusal = _events(seeded_env, "bank.consent.check")[-1]
    assert refusal.outcome == "refused" and refusal.detail["customer"] == customer_key(citizen.id)


def test_consent_from_the_phone_then_submission_and_branch_report(desks, citizen, seeded_env: str) -> None:
    service = bank()
    asked = service.consents.ask(desks["x"], citizen.id, [PROOF])
    assert asked.status == "pending" and asked.code.startswith("YWC1.")
    stranger = make_citizen(seeded_env, "李四", "456")
    with pytest.raises(BankRuleError) as hidden:
        service.consents.for_citizen(asked.code, stranger.id)
    assert hidden.value.code == "consent_not_found"
    seen = service.consents.for_citizen(asked.code, citizen.id)
    assert seen.branch == BRANCH_X and seen.teller == "x.teller" and seen.consent_items[0].code == PROOF
    assert service.consents.answer(asked.code, citizen.id, accept=True).is_confirmed
    with pytest.raises(BankRuleError) as twice:
        service.consents.answer(asked.code, citizen.id, accept=True)
    assert twice.value.code == "consent_closed"

    draft = service.applications.start(desks["x"], citizen.id, PROOF)
    assert draft.missing == ()
    shown = {f["id"]: f["value"] for f in draft.fields}
    assert citizen.id_number not in shown.values() and shown["applicant_id_number"].count("*") >= 8
    receipt = service.applications.submit(desks["x"], citizen.id, draft.id, "key-0001")
    assert receipt.receipt_no
    assert service.applications.application(desks["x"], receipt.application_id).teller == "x.teller"

    with pytest.raises(BankRuleError) as elsewhere:  # another branch cannot read it
        service.applications.application(desks["y"], receipt.application_id)
    assert elsewhere.value.code == "not_found"
    refused = _events(seeded_env, "bank.application.read")[-1]
    assert (refused.outcome, refused.detail["reason"], refused.detail["branch"]) == (
        "refused",
        "other_branch",
        BRANCH_Y,
    )

    for event in _events(seeded_env):
        assert event.channel in ("bank", "mobile") and event.detail["branch"] and event.detail["purpose"]
        assert citizen.id_number not in str(event.detail) and citizen.name not in str(event.detail)

    day = datetime.fromisoformat(receipt.submitted_at).astimezone(BEIJING).date()
    report = branch_report(get_engine(seeded_env), BRANCH_X, day)
    assert report.applications_submitted == 1 and report.customers_served == 1
    assert {"consent.ask", "draft.start", "application.submit"} <= {line.action for line in report.lines}
    assert all(line.terminal == "bank-xinhua-01" for line in report.lines if line.teller)
    assert citizen.id_number not in repr(report)
    assert branch_report(get_engine(seeded_env), BRANCH_Y, day).applications_submitted == 0


def _shown_on_phone(code: str, citizen_id: str) -> dict[str, str]:
    """Item code -> version of the 告知承诺 text the customer's phone displays now."""
    items = bank().consents.for_citizen(code, citizen_id).consent_items
    return {item.code: item.commitment_sha256 for item in items if item.commitment_sha256}


def test_commitment_items_need_the_signed_commitment(desks, citizen) -> None:
    service = bank()
    asked = service.consents.ask(desks["x"], citizen.id, [CHANGE])
    shown = _shown_on_phone(asked.code, citizen.id)
    with pytest.raises(BankRuleError) as refused:
        service.consents.answer(asked.code, citizen.id, accept=True)
    assert refused.value.code == "commitment_unsigned"
    with pytest.raises(BankRuleError) as unnamed:  # signing names the text it signs
        service.consents.answer(asked.code, citizen.id, accept=True, sign_commitments=True)
    assert unnamed.value.code == "commitment_unsigned"
    signed = service.consents.answer(asked.code, citizen.id, accept=True, sign_commitments=True, shown=shown)
    assert signed.commitments == (CHANGE,)


def test_a_declined_or_ended_consent_lets_nothing_through(desks, citizen) -> None:
    service = bank()
    declined = service.consents.ask(desks["x"], citizen.id, [PROOF])
    assert service.consents.answer(declined.code, citizen.id, accept=False).status == "declined"
    with pytest.raises(BankRuleError):
        service.applications.start(desks["x"], citizen.id, PROOF)
    given = service.consents.ask(desks["x"], citizen.id, [PROOF])
    service.consents.answer(given.code, citizen.id, accept=True)
    assert service.consents.end_visit(desks["x"], citizen.id) == 2
    with pytest.raises(BankRuleError) as refused:
        service.applications.start(desks["x"], citizen.id, PROOF)
    assert refused.value.code == "consent_required"


def test_a_forged_consent_code_is_refused(citizen) -> None:
    with pytest.raises(BankRuleError) as refused:
        bank().consents.for_citizen("YWC1.ABCDEF.AAAAAAAAAAAAAAAA", citizen.id)
    assert refused.value.code == "consent_not_found"


def test_a_commitment_signed_on_the_phone_decides_the_branch_application_on_commitment(
    desks, citizen
) -> None:
    service = bank()
    asked = service.consents.ask(desks["x"], citizen.id, [CHANGE])
    [shown] = service.consents.for_citizen(asked.code, citizen.id).consent_items  # on the phone
    assert "经营场所" in shown.commitment_zh and "premises" in shown.commitment_en
    version = {CHANGE: shown.commitment_sha256}
    service.consents.answer(asked.code, citizen.id, accept=True, sign_commitments=True, shown=version)
    draft = service.applications.start(desks["x"], citizen.id, CHANGE)  # the draft comes after the consent
    [offer] = commitments().offers(citizen.id, draft.id)
    assert (offer.text_zh, offer.text_en, offer.text_hash) == (
        shown.commitment_zh,
        shown.commitment_en,
        shown.commitment_sha256,
    )
    assert offer.signature is not None and offer.signature.channel == "bank_phone"
    assert offer.signature.signer_name == citizen.name and offer.signature.text_hash == offer.text_hash
    assert draft.missing == ()  # everything this item asks is known from the verified identity
    receipt = service.applications.submit(desks["x"], citizen.id, draft.id, "key-commit")
    assert receipt.decisions[CHANGE]["outcome"] == "committed"
    [signature] = commitments().signatures(citizen.id, receipt.application_id)
    assert (signature.item_code, signature.channel) == (CHANGE, "bank_phone")


def test_no_commitment_is_signed_without_the_phones_consent_to_it(desks, citizen) -> None:
    service = bank()
    asked = service.consents.ask(desks["x"], citizen.id, [PROOF])
    service.consents.answer(asked.code, citizen.id, accept=True)
    draft = service.applications.start(desks["x"], citizen.id, PROOF)
    assert commitments().offers(citizen.id, draft.id) == []
    # A consent for another item signs nothing on this one, and starts nothing for it.
    with pytest.raises(BankRuleError) as refused:
        service.applications.start(desks["x"], citizen.id, CHANGE)
    assert refused.value.code == "consent_required"


def test_an_unverified_customer_cannot_have_a_commitment_signed(desks, citizen, seeded_env: str) -> None:
    service = bank()
    asked = service.consents.ask(desks["x"], citizen.id, [CHANGE])
    shown = _shown_on_phone(asked.code, citizen.id)
    with Session(get_engine(seeded_env)) as session:
        record = session.get(CitizenRecord, citizen.id)
        record.real_name_verified_at = None
        session.add(record)
        session.commit()
    with pytest.raises(BankRuleError) as refused:
        service.consents.answer(asked.code, citizen.id, accept=True, sign_commitments=True, shown=shown)
    assert refused.value.code == "commitment_unsigned"
    assert service.consents.for_desk(desks["x"], asked.id).status == "pending"  # nothing was stored
    with pytest.raises(BankRuleError) as nothing:
        service.applications.start(desks["x"], citizen.id, CHANGE)
    assert nothing.value.code == "consent_required"


def _no_lp(*args, **kwargs):
    raise FileNotFoundError("lp")


def test_a_receipt_prints_only_for_its_customer_and_a_broken_printer_is_told(
    desks, citizen, seeded_env: str, print_spool
) -> None:
    service = bank()
    asked = service.consents.ask(desks["x"], citizen.id, [PROOF])
    service.consents.answer(asked.code, citizen.id, accept=True)
    draft = service.applications.start(desks["x"], citizen.id, PROOF)
    receipt = service.applications.submit(desks["x"], citizen.id, draft.id, "key-print")
    other = make_citizen(seeded_env, "李四", "456")
    with pytest.raises(BankRuleError) as not_theirs:
        service.applications.print_receipt(desks["x"], other.id, receipt.application_id, Printer())
    assert not_theirs.value.code == "not_found" and not print_spool.exists()

    broken = Printer("branch-a4", run=_no_lp)
    with pytest.raises(BankRuleError) as failed:
        service.applications.print_receipt(desks["x"], citizen.id, receipt.application_id, broken)
    assert failed.value.code == "printer_unavailable"
    job = service.applications.print_receipt(desks["x"], citizen.id, receipt.application_id, Printer())
    assert job.destination.startswith(str(print_spool))
    outcomes = [
        (e.outcome, e.detail.get("reason", "")) for e in _events(seeded_env, "bank.application.print")
    ]
    assert outcomes == [("refused", "other_customer"), ("failed", "printer_unavailable"), ("ok", "")]
