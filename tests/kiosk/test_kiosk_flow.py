"""The kiosk's reactions to card and camera reads, applying, and the wipe, on the real state
tree of a paired browser: who is signed in decides everything, and the wipe ends it all."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import Session

from core.db import get_engine
from core.identity.codes import issue_draft_handoff, issue_receipt_code
from core.identity.id_card import IdCard
from core.identity.records import CitizenRecord
from core.identity.terminal_events import TerminalEvent
from core.services import drafts, kiosk_sign_in, terminal_events
from kiosk.apply import KioskApplyState
from kiosk.reactions import react
from kiosk.state import WIPE_SCRIPT, KioskState

MEDICAL = "070060001000"  # for the kiosk channel
TAX_REFUND = "200100002000"  # not for the kiosk channel
HE = ("何永胜", "410482196703211796", date(1967, 3, 21), "男")
GAO = ("高雪", "410482200408081801", date(2004, 8, 8), "女")


def _citizen(database_url: str, person: tuple, citizen_id: str) -> None:
    name, number, _, _ = person
    with Session(get_engine(database_url)) as session:
        session.add(
            CitizenRecord(
                id=citizen_id,
                phone="139" + number[-8:],
                name=name,
                id_number=number,
                real_name_verified_at=datetime.now(UTC),
            )
        )
        session.commit()


def _card_event(person: tuple, valid_until: date | None = None) -> TerminalEvent:
    name, number, born, sex = person
    card = IdCard(
        name, sex, "汉", born, "舞钢市垭口街道", number, "舞钢市公安局", date(2020, 1, 1), valid_until
    )
    return TerminalEvent(1, "t", "id_card", card.to_record(), datetime.now(UTC))


def _qr(text: str) -> TerminalEvent:
    return TerminalEvent(2, "t", "qr", {"text": text}, datetime.now(UTC))


class Kiosk:
    """A paired browser's state tree: the kiosk state and the apply state."""

    def __init__(self, cookie: str) -> None:
        root = rx.State(_reflex_internal_init=True)
        root.router = RouterData.from_router_data({"headers": {"cookie": cookie}, "pathname": "/kiosk"})
        self.state: KioskState = root.get_substate(KioskState.get_full_name().split(".")[1:])
        self.apply: KioskApplyState = root.get_substate(KioskApplyState.get_full_name().split(".")[1:])
        KioskState.load_kiosk.fn(self.state)

    def read(self, event: TerminalEvent) -> None:
        asyncio.run(react(self.state, event))

    def call(self, handler, *args):
        """Run an (async) event handler of the apply state, or of the kiosk state."""
        target = self.apply if handler.fn.__name__ in KioskApplyState.event_handlers else self.state
        return asyncio.run(handler.fn(target, *args))


@pytest.fixture
def kiosk(paired, seeded_env: str) -> Kiosk:
    _citizen(seeded_env, HE, "c-he")
    _citizen(seeded_env, GAO, "c-gao")
    terminal_id, cookie = paired("kiosk")
    kiosk = Kiosk(cookie)
    assert kiosk.state._terminal == terminal_id
    return kiosk


def test_a_card_signs_in_masked_and_the_person_applies_to_a_receipt(kiosk: Kiosk) -> None:
    kiosk.read(_card_event(HE))
    assert (kiosk.state.person_name, kiosk.state.screen, kiosk.state.notice) == (
        "何*胜",
        "start",
        "signed_in",
    )
    assert HE[1] not in kiosk.state.person_number and "****" in kiosk.state.person_number
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.call(KioskApplyState.open_form)
    assert kiosk.state.screen == "apply"
    shown = {f.id: f for f in kiosk.apply.fields}
    # A public hall: what the verified identity prefilled is shown masked.
    assert shown["applicant_name"].prefilled and shown["applicant_name"].value == "何*胜"
    assert shown["applicant_phone"].value == "139****1796"
    assert shown["applicant_id_number"].value != HE[1] and "****" in shown["applicant_id_number"].value
    kiosk.call(KioskApplyState.save_answers, {"applicant_name": "冒名", "address": ""})
    assert kiosk.state.screen == "apply" and kiosk.apply.error == "fix_errors"
    kiosk.call(KioskApplyState.save_answers, {"applicant_name": "冒名", "address": "建设路 8 号"})
    assert kiosk.state.screen == "check"
    kiosk.call(KioskApplyState.submit)
    assert kiosk.apply.error == "declaration" and kiosk.apply.receipt_no == ""
    kiosk.call(KioskApplyState.toggle_declared)
    kiosk.call(KioskApplyState.submit)
    assert kiosk.state.screen == "receipt" and kiosk.apply.receipt_no and "<svg" in kiosk.apply.receipt_qr
    assert drafts().mine("c-he") == []  # submitted, with the verified name, not the typed one
    assert drafts().get("c-he", kiosk.apply._draft_id).answers["applicant_name"] == "何永胜"


def test_finish_ends_the_session_drops_pending_reads_and_resets_everything(kiosk: Kiosk) -> None:
    kiosk.read(_card_event(HE))
    token, terminal_id = kiosk.state._token, kiosk.state._terminal
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.call(KioskApplyState.open_form)
    terminal_events().post(terminal_id, "qr", {"text": "scanned as the person left"})
    script = kiosk.call(KioskState.wipe, "finish")
    assert script.args[0][1]._var_value == WIPE_SCRIPT
    assert kiosk_sign_in().current(token) is None
    assert terminal_events().take(terminal_id) == []
    assert (kiosk.state.person_name, kiosk.state.screen, kiosk.state._token) == ("", "attract", "")
    assert kiosk.apply.fields == [] and kiosk.apply._draft_id == ""


def test_applying_needs_a_signed_in_person(kiosk: Kiosk) -> None:
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.call(KioskApplyState.open_form)
    assert kiosk.state.notice == "sign_in_to_apply" and kiosk.state.screen == "guide"
    kiosk.call(KioskApplyState.submit)
    assert kiosk.apply.receipt_no == ""


def test_a_client_cannot_apply_here_for_an_item_not_offered_at_kiosks(kiosk: Kiosk) -> None:
    kiosk.read(_card_event(HE))
    KioskState.open_item.fn(kiosk.state, TAX_REFUND)
    kiosk.state.guide.channels = ["kiosk"]  # what a crafted setvar could send
    kiosk.call(KioskApplyState.open_form)
    assert kiosk.state.notice == "not_at_kiosk" and drafts().mine("c-he") == []


def test_the_next_persons_card_ends_the_last_persons_session(kiosk: Kiosk) -> None:
    kiosk.read(_card_event(HE))
    first = kiosk.state._token
    kiosk.read(_card_event(GAO))
    assert kiosk_sign_in().current(first) is None
    assert kiosk.state.person_name == "高*"


def test_a_phone_draft_opens_after_the_card_and_only_for_its_owner(kiosk: Kiosk) -> None:
    mine = drafts().start("c-gao", MEDICAL, channel="mobile")
    theirs = drafts().start("c-he", MEDICAL, channel="mobile")
    kiosk.read(_qr(issue_draft_handoff(mine.id, "c-gao").payload))
    assert kiosk.state.notice == "handoff_sign_in_first" and kiosk.apply._draft_id == ""
    kiosk.read(_card_event(GAO))
    assert kiosk.state.screen == "apply" and kiosk.apply._draft_id == mine.id
    kiosk.read(_qr(issue_draft_handoff(theirs.id, "c-he").payload))
    assert kiosk.state.notice == "handoff_not_yours" and kiosk.apply._draft_id == mine.id


@pytest.mark.parametrize(
    ("event", "notice"),
    [
        (_qr("https://elsewhere.example/s/070060001000"), "unknown_code"),
        (_qr(issue_receipt_code("PDS2026000001").payload), "receipt_code"),
        (_card_event(HE, valid_until=date(2021, 1, 1)), "signin_card_expired"),
        (_card_event(("无名", "410482199001011234", date(1990, 1, 1), "男")), "card_unreadable"),
        (_card_event(("钱多多", "410402199001010019", date(1990, 1, 1), "男")), "signin_no_account"),
    ],
)
def test_every_read_that_cannot_be_used_says_why(kiosk: Kiosk, event: TerminalEvent, notice: str) -> None:
    kiosk.read(event)
    assert kiosk.state.notice == notice and kiosk.state.person_name == ""


def test_a_poster_link_opens_its_item(kiosk: Kiosk) -> None:
    from core.settings import get_settings

    kiosk.read(_qr(f"{get_settings().public_url}/s/{MEDICAL}"))
    assert kiosk.state.screen == "guide" and kiosk.state.guide.code == MEDICAL


def test_apply_handlers_do_nothing_for_an_unpaired_browser(kiosk: Kiosk) -> None:
    kiosk.read(_card_event(HE))
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    stranger = Kiosk("")  # the same calls from a browser without the terminal cookie
    stranger.state._token = kiosk.state._token  # even holding the session token
    stranger.state.guide = kiosk.state.guide
    stranger.call(KioskApplyState.open_form)
    stranger.call(KioskApplyState.save_answers, {"address": "x"})
    stranger.call(KioskApplyState.submit)
    assert stranger.state.screen == "attract" and stranger.apply.fields == [] and drafts().mine("c-he") == []
