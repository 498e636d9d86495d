"""Signing in at a kiosk by ID card or e-ID code: a short kiosk session for verified citizens
only, every refusal explained and audited, nothing personal in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from core.audit import AuditEvent
from core.identity.codes import CodeVerifier, issue_draft_handoff, issue_eid_code
from core.identity.kiosk_login import KioskSignIn, KioskSignInError, mask_name
from core.identity.nonces import SqlNonceStore
from core.identity.records import CitizenRecord
from core.identity.sessions import SessionStore
from core.testing.factories import make_id_number

ZHANG = make_id_number("410402", "19650312", "013")
NOBODY = make_id_number("410411", "19900620", "057")
TERMINAL = "kiosk-xinhua-01"


@dataclass(frozen=True)
class Card:
    id_number: str
    valid_until: date | None = None

    def is_valid_on(self, day: date) -> bool:
        return self.valid_until is None or day <= self.valid_until


@pytest.fixture
def kiosk(engine, audit, clock) -> KioskSignIn:
    with Session(engine) as session:
        session.add(
            CitizenRecord(
                id="c-zhang",
                phone="13812345678",
                name="张建国",
                id_number=ZHANG,
                real_name_verified_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
        session.add(CitizenRecord(id="c-unverified", phone="13900000000"))
        session.commit()
    verifier = CodeVerifier(SqlNonceStore(engine), clock, audit=audit)
    return KioskSignIn(engine, SessionStore(engine, clock), verifier, audit, clock)


def test_a_card_signs_its_verified_holder_in_for_a_short_kiosk_session(kiosk, clock) -> None:
    signed = kiosk.by_card(Card(ZHANG), TERMINAL)
    assert signed.citizen_id == "c-zhang"
    assert signed.masked_name == "张*国"
    assert signed.masked_id_number.startswith("410") and "****" in signed.masked_id_number
    assert ZHANG not in signed.masked_id_number
    assert signed.expires_at == clock() + timedelta(seconds=90)
    assert kiosk.current(signed.token).subject_id == "c-zhang"


def test_the_kiosk_session_ends_after_90_idle_seconds(kiosk, clock) -> None:
    signed = kiosk.by_card(Card(ZHANG), TERMINAL)
    clock.advance(seconds=91)
    assert kiosk.current(signed.token) is None


def test_sign_out_ends_the_session_at_once(kiosk) -> None:
    signed = kiosk.by_card(Card(ZHANG), TERMINAL)
    kiosk.sign_out(signed.token, TERMINAL, "finish")
    assert kiosk.current(signed.token) is None
    kiosk.sign_out(signed.token, TERMINAL, "finish")  # twice is harmless


def test_an_expired_card_is_refused(kiosk, clock) -> None:
    yesterday = clock().date() - timedelta(days=1)
    with pytest.raises(KioskSignInError) as refused:
        kiosk.by_card(Card(ZHANG, valid_until=yesterday), TERMINAL)
    assert refused.value.code == "card_expired"


def test_a_card_without_a_verified_account_is_refused(kiosk) -> None:
    with pytest.raises(KioskSignInError) as refused:
        kiosk.by_card(Card(NOBODY), TERMINAL)
    assert refused.value.code == "no_account"


def test_a_phone_e_id_code_signs_in_once(kiosk, clock) -> None:
    code = issue_eid_code("c-zhang", clock())
    assert kiosk.by_eid(code.payload, TERMINAL).citizen_id == "c-zhang"
    with pytest.raises(KioskSignInError) as replayed:
        kiosk.by_eid(code.payload, TERMINAL)
    assert replayed.value.code == "replayed"


def test_an_e_id_code_for_the_bank_only_is_refused_at_the_kiosk(kiosk, clock) -> None:
    code = issue_eid_code("c-zhang", clock(), channels=("bank",))
    with pytest.raises(KioskSignInError) as refused:
        kiosk.by_eid(code.payload, TERMINAL)
    assert refused.value.code == "wrong_channel"


def test_a_handoff_code_is_not_a_login(kiosk, clock) -> None:
    code = issue_draft_handoff("d1", "c-zhang", clock())
    with pytest.raises(KioskSignInError) as refused:
        kiosk.by_eid(code.payload, TERMINAL)
    assert refused.value.code == "not_an_eid"


def test_a_forged_code_is_refused(kiosk, clock) -> None:
    payload = issue_eid_code("c-zhang", clock()).payload
    with pytest.raises(KioskSignInError) as refused:
        kiosk.by_eid(payload[:-4] + "AAAA", TERMINAL)
    assert refused.value.code == "bad_signature"


def test_the_audit_log_names_the_terminal_and_never_the_number(kiosk, engine) -> None:
    kiosk.by_card(Card(ZHANG), TERMINAL)
    with pytest.raises(KioskSignInError):
        kiosk.by_card(Card(NOBODY), TERMINAL)
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "kiosk.sign_in")).all()
    assert [(e.outcome, e.terminal, e.detail.get("reason")) for e in events] == [
        ("ok", TERMINAL, None),
        ("refused", TERMINAL, "no_account"),
    ]
    assert all(ZHANG not in str(e.model_dump()) and NOBODY not in str(e.model_dump()) for e in events)


@pytest.mark.parametrize(
    ("name", "masked"), [("张建国", "张*国"), ("李四", "李*"), ("欧阳娜娜", "欧**娜"), ("", "")]
)
def test_names_are_masked_like_id_cards(name: str, masked: str) -> None:
    assert mask_name(name) == masked
