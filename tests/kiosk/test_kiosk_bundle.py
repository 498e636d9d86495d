"""A whole life event (一件事一次办) applied for at the kiosk: from the bundle's list, one merged
form through the same core draft and submission as the web, to a receipt."""

from __future__ import annotations

from sqlmodel import Session

from core.applications.records import ApplicationRecord
from core.db import get_engine
from core.services import drafts
from core.settings import get_settings
from kiosk.apply import KioskApplyState
from kiosk.state import KioskState
from kiosk.testing import HE, KioskBrowser, card_read

NEWBORN = "YJS001"
ANSWERS = {
    "child_name": "何小宝",
    "child_sex": "M",
    "child_birth_date": "2026-11-20",
    "birth_hospital": "平顶山市第一人民医院",
    "mother_name": "高雪",
    "mother_id_number": "410482200408081801",
    "father_name": "何永胜",
    "father_id_number": HE[1],
    "address": "舞钢市垭口街道建设路 8 号",
    "hukou_follows": "father",
    "bank_card_pickup": "post",
}


def test_a_bundle_is_applied_for_once_for_all_to_a_receipt(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
    KioskState.open_item.fn(kiosk.state, NEWBORN)
    assert (kiosk.state.screen, kiosk.state.bundle_code) == ("list", NEWBORN)
    kiosk.call(KioskApplyState.open_bundle_form)
    assert kiosk.state.screen == "apply" and "宝宝" in kiosk.apply.title
    ids = [f.id for f in kiosk.apply.fields]
    assert len(ids) == len(set(ids)) and set(ANSWERS) <= set(ids)  # each shared question once
    kiosk.call(KioskApplyState.save_answers, ANSWERS)
    assert kiosk.state.screen == "check", kiosk.apply.error
    kiosk.call(KioskApplyState.toggle_declared)
    kiosk.call(KioskApplyState.submit)
    assert kiosk.state.screen == "receipt" and kiosk.apply.receipt_no
    with Session(get_engine(get_settings().database_url)) as session:
        application = session.get(ApplicationRecord, kiosk.apply._application_id)
    assert (application.target_kind, application.target_code) == ("bundle", NEWBORN)
    assert application.channel == "kiosk" and application.owner_id == "c-he"


def test_a_life_events_list_offers_no_bundle_apply(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
    KioskState.open_item.fn(kiosk.state, NEWBORN)
    KioskState.open_life_event.fn(kiosk.state, kiosk.state.life_events[0].href)
    assert kiosk.state.bundle_code == ""
    kiosk.call(KioskApplyState.open_bundle_form)
    assert kiosk.state.screen == "list" and kiosk.apply._draft_id == ""


def test_the_bundle_form_needs_a_signed_in_person(kiosk: KioskBrowser) -> None:
    KioskState.open_item.fn(kiosk.state, NEWBORN)
    kiosk.call(KioskApplyState.open_bundle_form)
    assert kiosk.state.notice == "sign_in_to_apply" and kiosk.apply._draft_id == ""


def test_a_crafted_bundle_code_opens_nothing(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
    kiosk.state.bundle_code = "YJS999"  # what a crafted setvar could send
    kiosk.call(KioskApplyState.open_bundle_form)
    assert kiosk.state.notice == "unknown_code" and drafts().mine("c-he") == []
