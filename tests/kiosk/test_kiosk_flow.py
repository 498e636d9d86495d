"""The kiosk's reactions to card and camera reads, applying, and the wipe, on the real state
tree of a paired browser: who is signed in decides everything, and the wipe ends it all."""

from __future__ import annotations

from datetime import date

import pytest

from core.identity.codes import issue_draft_handoff, issue_receipt_code
from core.identity.terminal_events import TerminalEvent
from core.services import drafts, kiosk_sign_in, terminal_events
from kiosk.apply import KioskApplyState
from kiosk.state import WIPE_SCRIPT, KioskState
from kiosk.testing import GAO, HE, KioskBrowser, card_read, qr_read

MEDICAL = "070060001000"  # for the kiosk channel
TAX_REFUND = "200100002000"  # not for the kiosk channel


def test_a_card_signs_in_masked_and_the_person_applies_to_a_receipt(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
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


def test_finish_ends_the_session_drops_pending_reads_and_resets_everything(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
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


def test_applying_needs_a_signed_in_person(kiosk: KioskBrowser) -> None:
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.call(KioskApplyState.open_form)
    assert kiosk.state.notice == "sign_in_to_apply" and kiosk.state.screen == "guide"
    kiosk.call(KioskApplyState.submit)
    assert kiosk.apply.receipt_no == ""


def test_a_client_cannot_apply_here_for_an_item_not_offered_at_kiosks(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
    KioskState.open_item.fn(kiosk.state, TAX_REFUND)
    kiosk.state.guide.channels = ["kiosk"]  # what a crafted setvar could send
    kiosk.call(KioskApplyState.open_form)
    assert kiosk.state.notice == "not_at_kiosk" and drafts().mine("c-he") == []


def test_the_next_persons_card_ends_the_last_persons_session(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
    first = kiosk.state._token
    kiosk.read(card_read(GAO))
    assert kiosk_sign_in().current(first) is None
    assert kiosk.state.person_name == "高*"


def test_a_phone_draft_opens_after_the_card_and_only_for_its_owner(kiosk: KioskBrowser) -> None:
    mine = drafts().start("c-gao", MEDICAL, channel="mobile")
    theirs = drafts().start("c-he", MEDICAL, channel="mobile")
    kiosk.read(qr_read(issue_draft_handoff(mine.id, "c-gao").payload))
    assert kiosk.state.notice == "handoff_sign_in_first" and kiosk.apply._draft_id == ""
    kiosk.read(card_read(GAO))
    assert kiosk.state.screen == "apply" and kiosk.apply._draft_id == mine.id
    kiosk.read(qr_read(issue_draft_handoff(theirs.id, "c-he").payload))
    assert kiosk.state.notice == "handoff_not_yours" and kiosk.apply._draft_id == mine.id


@pytest.mark.parametrize(
    ("event", "notice"),
    [
        (qr_read("https://elsewhere.example/s/070060001000"), "unknown_code"),
        (qr_read(issue_receipt_code("PDS2026000001").payload), "receipt_code"),
        (card_read(HE, valid_until=date(2021, 1, 1)), "signin_card_expired"),
        (card_read(("无名", "410482199001011234", date(1990, 1, 1), "男")), "card_unreadable"),
    ],
)
def test_every_read_that_cannot_be_used_says_why(
    kiosk: KioskBrowser, event: TerminalEvent, notice: str
) -> None:
    kiosk.read(event)
    assert kiosk.state.notice == notice and kiosk.state.person_name == ""


def test_a_poster_link_opens_its_item(kiosk: KioskBrowser) -> None:
    from core.settings import get_settings

    kiosk.read(qr_read(f"{get_settings().public_url}/s/{MEDICAL}"))
    assert kiosk.state.screen == "guide" and kiosk.state.guide.code == MEDICAL


def test_apply_handlers_do_nothing_for_an_unpaired_browser(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    stranger = KioskBrowser("")  # the same calls from a browser without the terminal cookie
    stranger.state._token = kiosk.state._token  # even holding the session token
    stranger.state.guide = kiosk.state.guide
    stranger.call(KioskApplyState.open_form)
    stranger.call(KioskApplyState.save_answers, {"address": "x"})
    stranger.call(KioskApplyState.submit)
    assert stranger.state.screen == "attract" and stranger.apply.fields == [] and drafts().mine("c-he") == []
