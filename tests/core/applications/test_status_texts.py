"""Status texts go to the account's phone; an account opened with an ID card at a kiosk has
none, so they go to the contact phone given on its application, or to nobody."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from core.applications.notifications import StatusNotifier
from core.applications.records import ApplicationRecord
from core.identity.records import CitizenRecord
from core.testing.fakes import RecordingSms


def _application(engine, phone: str, answers: dict) -> str:
    with Session(engine) as session:
        session.add(CitizenRecord(id="c-1", phone=phone, name="孙丽"))
        session.add(
            ApplicationRecord(
                id="app-1",
                receipt_no="2026112800000001",
                owner_id="c-1",
                draft_id="d-1",
                idempotency_key="d-1",
                payload_hash="x",
                target_kind="item",
                target_code="070060001000",
                answers=answers,
                channel="kiosk",
            )
        )
        session.commit()
    return "app-1"


@pytest.mark.parametrize(
    ("phone", "answers", "texted"),
    [
        ("13812345678", {"applicant_phone": "13900000000"}, "13812345678"),
        ("k0123456789", {"applicant_phone": "13900000000"}, "13900000000"),
        ("k0123456789", {}, None),
        ("k0123456789", {"applicant_phone": "k0123456789"}, None),
    ],
)
def test_the_text_goes_to_a_phone_that_can_receive_it(engine, phone, answers, texted) -> None:
    sms = RecordingSms()
    sent = StatusNotifier(engine, sms)(_application(engine, phone, answers), "accepted")
    assert sent is (texted is not None)
    assert [p for p, _ in sms.sent] == ([texted] if texted else [])
