"""Opening an account with an ID card at a kiosk: only on the population register's "match",
bound to the card's identity with no login phone, audited as verified by "kiosk-card"; a
register that is down or refuses leaves nothing behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session, select

from core.audit import AuditEvent
from core.identity.citizens import Citizens
from core.identity.codes import CodeVerifier
from core.identity.kiosk_enrolment import KioskEnrolment, has_login_phone
from core.identity.kiosk_login import KioskSignIn, KioskSignInError
from core.identity.login import CitizenLogin, LoginError
from core.identity.nonces import SqlNonceStore
from core.identity.records import CitizenRecord
from core.identity.sessions import SessionStore
from core.testing.factories import make_id_number
from core.testing.fakes import FakePopulationRegister

SUN = ("孙丽", make_id_number("410403", "19940908", "062"))
TERMINAL = "kiosk-xinhua-01"


@dataclass(frozen=True)
class Card:
    name: str
    id_number: str
    valid_until: date | None = None

    def is_valid_on(self, day: date) -> bool:
        return self.valid_until is None or day <= self.valid_until


@pytest.fixture
def register() -> FakePopulationRegister:
    return FakePopulationRegister(people={SUN[1]: SUN[0]})


@pytest.fixture
def enrolment(engine, audit, clock, register) -> KioskEnrolment:
    verifier = CodeVerifier(SqlNonceStore(engine), clock, audit=audit)
    sign_in = KioskSignIn(engine, SessionStore(engine, clock), verifier, audit, clock)
    return KioskEnrolment(engine, register, sign_in, audit, clock)


def _citizens(engine) -> list[CitizenRecord]:
    with Session(engine) as session:
        return list(session.exec(select(CitizenRecord)))


def _binds(engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == "realname.bind")))


def test_a_matching_card_opens_a_verified_account_without_a_login_phone(enrolment, engine, clock) -> None:
    signed = enrolment.enrol(Card(*SUN), TERMINAL, contact_given=True)
    [citizen] = _citizens(engine)
    assert (citizen.id, citizen.name, citizen.id_number) == (signed.citizen_id, "孙丽", SUN[1])
    assert citizen.real_name_verified_at is not None and not has_login_phone(citizen.phone)
    assert signed.masked_name == "孙*" and SUN[1] not in signed.masked_id_number
    [bind] = _binds(engine)
    assert (bind.outcome, bind.channel, bind.terminal) == ("ok", "kiosk-card", TERMINAL)
    assert bind.detail["contact"] == "given" and SUN[1] not in str(bind.detail) + bind.actor


def test_the_new_account_prefills_its_identity_but_no_phone(enrolment, engine, audit) -> None:
    signed = enrolment.enrol(Card(*SUN), TERMINAL)
    citizens = Citizens(engine, FakePopulationRegister(), audit)
    assert citizens.prefill(signed.citizen_id) == {"citizen.name": "孙丽", "citizen.id_number": SUN[1]}
    profile = citizens.profile(signed.citizen_id)
    assert profile.is_real_name_verified and profile.masked_phone == ""


def test_the_same_card_again_signs_in_the_same_account(enrolment, engine, register) -> None:
    first = enrolment.enrol(Card(*SUN), TERMINAL)
    again = enrolment.enrol(Card(*SUN), TERMINAL)
    assert again.citizen_id == first.citizen_id and len(_citizens(engine)) == 1
    assert again.token != first.token


@pytest.mark.parametrize(
    ("card", "code"),
    [
        (Card("孙莉", SUN[1]), "mismatch"),
        (Card("钱多多", make_id_number("410402", "19900101", "001")), "not_found"),
        (Card(*SUN, valid_until=date(2020, 1, 1)), "card_expired"),
    ],
)
def test_a_card_the_register_does_not_confirm_opens_nothing(enrolment, engine, card, code) -> None:
    with pytest.raises(KioskSignInError) as refused:
        enrolment.enrol(card, TERMINAL)
    assert refused.value.code == code and _citizens(engine) == []


def test_a_register_that_is_down_leaves_nothing_half_created(enrolment, engine, register) -> None:
    register.down = True
    with pytest.raises(KioskSignInError) as refused:
        enrolment.enrol(Card(*SUN), TERMINAL)
    assert refused.value.code == "unavailable" and _citizens(engine) == []
    [bind] = _binds(engine)
    assert (bind.outcome, bind.detail["reason"], bind.channel) == ("failed", "unavailable", "kiosk-card")


def test_nobody_can_log_in_with_the_marker_of_a_missing_phone(enrolment, engine, audit, sms) -> None:
    citizen_id = enrolment.enrol(Card(*SUN), TERMINAL).citizen_id
    with Session(engine) as session:
        marker = session.get(CitizenRecord, citizen_id).phone
    with pytest.raises(LoginError) as refused:
        CitizenLogin(engine, sms, audit).request_code(marker, "127.0.0.1")
    assert refused.value.code == "invalid_phone" and sms.sent == []
    assert has_login_phone("13812345678") and not has_login_phone(marker)
