"""A bank's own terminal software, written with `bank_terminal.client`, serves a customer
against the running API; the customer consents on their phone through the mobile API."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from bank_terminal.client import BankApiError, BankClient
from core.audit import AuditEvent
from core.db import get_engine
from core.identity.codes import issue_eid_code
from core.services import terminal_events
from core.testing.paper import pdf_text
from tests.bank.conftest import card_record, make_citizen

PASSWORD = "teller password 2026"
PROOF = "200070003000"
CHANGE = "010090002002"


@pytest.fixture
def desk_x(live_server: str, terminals, tellers):
    with BankClient(live_server, terminals["x"].id, terminals["x"].key) as client:
        client.log_in(tellers["x"].username, PASSWORD, tellers["x"].code())
        yield client


def _phone(live_server: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{live_server}/api/mobile/v1", headers={"Authorization": f"Bearer {token}"})


def test_customer_served_end_to_end_with_consent_from_the_phone(
    desk_x: BankClient, live_server: str, terminals, tellers, citizen, seeded_env: str, print_spool: Path
) -> None:
    customer = desk_x.identify(eid_code=issue_eid_code(citizen.id, channels=("bank",)).payload)
    assert customer["masked_name"] == "王*明" and citizen.id_number not in str(customer)

    with pytest.raises(BankApiError) as no_consent:
        desk_x.start_draft(PROOF)
    assert (no_consent.value.status, no_consent.value.code) == (403, "consent_required")

    consent = desk_x.ask_consent([PROOF])
    assert consent["status"] == "pending"
    with _phone(live_server, citizen.phone_token) as phone:
        asked = phone.get(f"/consents/{consent['code']}").json()
        assert asked["branch"] == terminals["x"].branch and asked["consent_items"][0]["code"] == PROOF
        assert (
            phone.post(f"/consents/{consent['code']}/confirm", json={"accept": True}).json()["status"]
            == "confirmed"
        )
    assert desk_x.wait_for_consent(consent["id"], timeout_s=5)["status"] == "confirmed"

    draft = desk_x.start_draft(PROOF)
    assert draft["missing"] == []
    with pytest.raises(BankApiError) as extra:
        desk_x.fill(draft["id"], {"service_fee": "50"})
    assert (extra.value.code, list(extra.value.fields)) == ("not_in_form", ["service_fee"])
    receipt = desk_x.submit(draft["id"], "bank-key-0001")
    assert desk_x.submit(draft["id"], "bank-key-0001")["receipt_no"] == receipt["receipt_no"]  # a safe retry
    status = desk_x.application(receipt["application_id"])
    assert status["statuses"][0]["status"] == "submitted" and status["teller"] == tellers["x"].username
    printed = desk_x.print_receipt(receipt["application_id"])
    [sheet] = print_spool.glob("*.pdf")
    assert printed == {"printed": True, "job_name": sheet.stem}
    text = pdf_text(sheet.read_bytes())
    assert receipt["receipt_no"] in text and citizen.id_number not in text

    with BankClient(live_server, terminals["y"].id, terminals["y"].key) as desk_y:
        desk_y.log_in(tellers["y"].username, PASSWORD, tellers["y"].code())
        with pytest.raises(BankApiError) as elsewhere:
            desk_y.application(receipt["application_id"])
        assert (elsewhere.value.status, elsewhere.value.code) == (404, "not_found")
        desk_y.identify(card=card_record(citizen))
        with pytest.raises(BankApiError) as printed_elsewhere:  # the same customer at another branch
            desk_y.print_receipt(receipt["application_id"])
    assert (printed_elsewhere.value.status, printed_elsewhere.value.code) == (404, "not_found")
    assert len(list(print_spool.glob("*.pdf"))) == 1

    left_token = desk_x.customer_token
    terminal_events().post(terminals["x"].id, "qr", {"text": "read after the customer was served"})
    desk_x.customer_leaves()
    assert terminal_events().take(terminals["x"].id) == []
    desk_x.customer_token = left_token
    with pytest.raises(BankApiError) as gone:
        desk_x.start_draft(PROOF)
    assert gone.value.code == "customer_required"
    desk_x.customer_token = ""
    assert desk_x.items()  # the teller is still logged in

    with Session(get_engine(seeded_env)) as session:
        logged = " ".join(str(e.detail) + e.actor for e in session.exec(select(AuditEvent)))
    assert citizen.id_number not in logged and citizen.phone_token not in logged


def test_only_the_named_customer_may_answer_on_their_phone(
    desk_x: BankClient, live_server: str, citizen, seeded_env: str
) -> None:
    assert desk_x.identify(card=card_record(citizen))["masked_name"] == "王*明"
    consent = desk_x.ask_consent([CHANGE])
    other = make_citizen(seeded_env, "李四", "456")
    with _phone(live_server, other.phone_token) as stranger:
        assert stranger.get(f"/consents/{consent['code']}").status_code == 404
    with httpx.Client(base_url=f"{live_server}/api/mobile/v1") as anonymous:
        assert anonymous.get(f"/consents/{consent['code']}").status_code == 401
    with _phone(live_server, citizen.phone_token) as phone:
        [item] = phone.get(f"/consents/{consent['code']}").json()["consent_items"]
        unsigned = phone.post(f"/consents/{consent['code']}/confirm", json={"accept": True})
        assert unsigned.status_code == 422 and unsigned.json()["code"] == "commitment_unsigned"
        stale = phone.post(
            f"/consents/{consent['code']}/confirm",
            json={"accept": True, "sign_commitments": True, "commitment_sha256": {CHANGE: "0" * 64}},
        )
        assert stale.status_code == 409 and stale.json()["code"] == "commitment_text_changed"
        signed = phone.post(
            f"/consents/{consent['code']}/confirm",
            json={
                "accept": True,
                "sign_commitments": True,
                "commitment_sha256": {CHANGE: item["commitment_sha256"]},
            },
        )
        assert signed.json()["status"] == "confirmed"
    assert desk_x.consent(consent["id"])["commitments"] == [CHANGE]


def test_the_teller_asks_for_one_case_and_the_phone_signs_that_cases_commitment(
    desk_x: BankClient, live_server: str, citizen
) -> None:
    desk_x.identify(card=card_record(citizen))
    consent = desk_x.ask_consent([CHANGE], scenarios={CHANGE: "new_operator"})
    assert consent["consent_items"][0]["scenario_id"] == "new_operator"
    with _phone(live_server, citizen.phone_token) as phone:
        [item] = phone.get(f"/consents/{consent['code']}").json()["consent_items"]
        assert (item["commitment_zh"], item["commitment_sha256"]) == ("", "")  # that case has none
        assert phone.post(f"/consents/{consent['code']}/confirm", json={"accept": True}).status_code == 200
    assert desk_x.start_draft(CHANGE)["scenario_id"] == "new_operator"


def test_a_card_must_match_a_real_name_account(desk_x: BankClient, citizen) -> None:
    with pytest.raises(BankApiError) as bad_number:
        desk_x.identify(card=card_record(citizen, id_number="410402199003071234"))
    assert (bad_number.value.code, bad_number.value.detail) == ("bad_card", "bad_id_number")
    with pytest.raises(BankApiError) as expired:
        desk_x.identify(card=card_record(citizen, valid_from="2006-05-01", valid_until="2016-05-01"))
    assert (expired.value.code, expired.value.detail) == ("bad_card", "card_expired")
    with pytest.raises(BankApiError) as wrong_name:
        desk_x.identify(card=card_record(citizen, name="张三"))
    assert wrong_name.value.code == "bad_card"
    with pytest.raises(BankApiError) as both:
        desk_x._call("POST", "/customers", {})
    assert both.value.code == "bad_request"
    with pytest.raises(BankApiError) as replayed_code:
        code = issue_eid_code(citizen.id).payload
        desk_x.identify(eid_code=code)
        desk_x.identify(eid_code=code)
    assert replayed_code.value.code == "bad_code"
