"""A card holder without an account at a paired kiosk: the enrol screen (masked card, keypad for
an optional mobile number), the account opened after the population register's match, and the
number typed here prefilled as the contact phone of their application."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlmodel import Session, select

from core.db import get_engine
from core.identity.kiosk_enrolment import KioskEnrolment
from core.identity.records import CitizenRecord
from core.services import audit_log, drafts, kiosk_sign_in
from core.settings import get_settings
from core.testing.fakes import FakePopulationRegister
from kiosk import enrol
from kiosk.apply import KioskApplyState
from kiosk.enrol import KioskEnrolState
from kiosk.state import KioskState
from kiosk.testing import GAO, KioskBrowser, card_read

MEDICAL = "070060001000"
ZHU = ("朱晓燕", "410425200002291465", date(2000, 2, 29), "女")  # in the register, no account yet


@pytest.fixture
def register(monkeypatch: pytest.MonkeyPatch, seeded_env: str) -> FakePopulationRegister:
    fake = FakePopulationRegister(people={ZHU[1]: ZHU[0]})
    engine = get_engine(seeded_env)
    monkeypatch.setattr(
        enrol, "kiosk_enrolment", lambda: KioskEnrolment(engine, fake, kiosk_sign_in(), audit_log())
    )
    return fake


def _type(kiosk: KioskBrowser, digits: str) -> None:
    for digit in digits:
        kiosk.call(KioskEnrolState.press_digit, digit)


def _open_account(kiosk: KioskBrowser) -> None:
    """What the background handler does, step by step (the register call in between)."""
    started = asyncio.run(kiosk.enrol._begin_enrolment())
    if started is not None:
        card, terminal_id, contact = started
        signed, code = enrol.enrol_card(card, terminal_id, bool(contact))
        asyncio.run(kiosk.enrol._enrolled(card, signed, contact, code))


def _accounts() -> list[CitizenRecord]:
    with Session(get_engine(get_settings().database_url)) as session:
        return list(session.exec(select(CitizenRecord).where(CitizenRecord.id_number == ZHU[1])))


def test_a_card_without_an_account_offers_one_masked(kiosk: KioskBrowser, register) -> None:
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.read(card_read(ZHU))
    assert (kiosk.state.screen, kiosk.state.person_name) == ("enrol", "")
    assert kiosk.enrol.card_name == "朱*燕" and "****" in kiosk.enrol.card_number
    assert ZHU[1] not in str(kiosk.enrol.dict()) + str(kiosk.state.dict())
    kiosk.call(KioskEnrolState.decline)
    assert kiosk.state.screen == "guide" and kiosk.enrol._card == {}


def test_the_keypad_takes_eleven_digits_and_nothing_else(kiosk: KioskBrowser, register) -> None:
    kiosk.read(card_read(ZHU))
    _type(kiosk, "1381234567899")
    kiosk.call(KioskEnrolState.press_digit, "x")
    assert kiosk.enrol.contact_digits == "13812345678"
    kiosk.call(KioskEnrolState.erase_digit)
    assert kiosk.enrol.contact_digits == "1381234567"
    _open_account(kiosk)
    assert kiosk.enrol.error == "phone_invalid" and _accounts() == []


def test_opening_the_account_signs_in_and_prefills_the_contact_phone(kiosk: KioskBrowser, register) -> None:
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.read(card_read(ZHU))
    _type(kiosk, "13812345678")
    _open_account(kiosk)
    [account] = _accounts()
    assert (kiosk.state.screen, kiosk.state.notice, kiosk.state.person_name) == ("guide", "enrolled", "朱*燕")
    assert kiosk.enrol._card == {} and kiosk.enrol.card_name == ""
    kiosk.call(KioskApplyState.open_form)
    shown = {f.id: f for f in kiosk.apply.fields}
    assert shown["applicant_phone"].prefilled and shown["applicant_phone"].value == "138****5678"
    assert drafts().get(account.id, kiosk.apply._draft_id).answers["applicant_phone"] == "13812345678"


def test_the_number_typed_here_is_never_prefilled_for_the_next_person(kiosk: KioskBrowser, register) -> None:
    kiosk.read(card_read(ZHU))
    _type(kiosk, "13812345678")
    _open_account(kiosk)
    kiosk.read(card_read(GAO))
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.call(KioskApplyState.open_form)
    shown = {f.id: f for f in kiosk.apply.fields}
    assert shown["applicant_phone"].value == "139****1801"  # Gao's own account phone


def test_a_register_that_is_down_says_so_and_opens_nothing(kiosk: KioskBrowser, register) -> None:
    register.down = True
    kiosk.read(card_read(ZHU))
    _open_account(kiosk)
    assert (kiosk.state.screen, kiosk.state.notice) == ("enrol", "enrol_unavailable")
    assert kiosk.state._token == "" and _accounts() == []
    assert not kiosk.enrol.enrolling  # the person can try again


def test_a_card_the_register_does_not_confirm_is_refused(kiosk: KioskBrowser, register) -> None:
    register.people[ZHU[1]] = "朱小燕"
    kiosk.read(card_read(ZHU))
    _open_account(kiosk)
    assert kiosk.state.notice == "enrol_refused" and _accounts() == []


def test_leaving_while_the_register_answers_ends_the_new_session(kiosk: KioskBrowser, register) -> None:
    kiosk.read(card_read(ZHU))
    card, terminal_id, contact = asyncio.run(kiosk.enrol._begin_enrolment())
    kiosk.call(KioskState.wipe, "finish")
    signed, _ = enrol.enrol_card(card, terminal_id, False)
    asyncio.run(kiosk.enrol._enrolled(card, signed, contact, ""))
    assert kiosk_sign_in().current(signed.token) is None and kiosk.state._token == ""


def test_enrol_handlers_do_nothing_without_a_card_on_offer(kiosk: KioskBrowser, register) -> None:
    kiosk.call(KioskEnrolState.press_digit, "1")
    _open_account(kiosk)
    assert kiosk.enrol.contact_digits == "" and _accounts() == []
