"""The kiosk prints the receipt PDF through core printing (spool folder here): only for the
person signed in on this paired kiosk, and the paper never carries the full ID number."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import get_settings
from core.testing.paper import pdf_text
from kiosk.apply import KioskApplyState
from kiosk.state import KioskState
from kiosk.testing import GAO, HE, KioskBrowser, card_read
from tests.kiosk.test_kiosk_flow import MEDICAL


@pytest.fixture
def spool(print_spool: Path) -> Path:
    return print_spool


def _printed(spool: Path) -> list[Path]:
    return sorted(spool.glob("*.pdf")) if spool.exists() else []


def _apply(kiosk: KioskBrowser) -> None:
    kiosk.read(card_read(HE))
    KioskState.open_item.fn(kiosk.state, MEDICAL)
    kiosk.call(KioskApplyState.open_form)
    kiosk.call(KioskApplyState.save_answers, {"address": "建设路 8 号"})
    kiosk.call(KioskApplyState.toggle_declared)
    kiosk.call(KioskApplyState.submit)
    assert kiosk.state.screen == "receipt"


def test_print_puts_the_owners_receipt_on_paper_with_the_id_number_masked(
    kiosk: KioskBrowser, spool: Path
) -> None:
    _apply(kiosk)
    kiosk.call(KioskApplyState.print_receipt)
    assert kiosk.apply.printing == "printed"
    [sheet] = _printed(spool)
    text = pdf_text(sheet.read_bytes())
    assert kiosk.apply.receipt_no in text
    assert HE[1] not in text and HE[1][-4:] in text  # masked: only the last digits show
    assert "何永胜" not in sheet.name and HE[1] not in sheet.name  # the file name carries no person


def test_print_is_refused_for_an_unpaired_browser_even_with_the_session_token(
    kiosk: KioskBrowser, spool: Path
) -> None:
    _apply(kiosk)
    stranger = KioskBrowser("")  # no terminal cookie
    stranger.state._token = kiosk.state._token
    stranger.apply._application_id = kiosk.apply._application_id
    stranger.call(KioskApplyState.print_receipt)
    assert stranger.apply.printing == "" and _printed(spool) == []


def test_print_is_refused_once_nobody_is_signed_in(kiosk: KioskBrowser, spool: Path) -> None:
    _apply(kiosk)
    kiosk.state._token = ""  # signed out (the wipe resets every var as well)
    kiosk.call(KioskApplyState.print_receipt)
    assert kiosk.apply.printing == "" and _printed(spool) == []


def test_the_next_person_cannot_print_the_last_persons_receipt(kiosk: KioskBrowser, spool: Path) -> None:
    _apply(kiosk)
    application = kiosk.apply._application_id
    kiosk.read(card_read(GAO))  # the next person's card signs them in
    kiosk.apply._application_id = application  # even if a var were left behind
    kiosk.call(KioskApplyState.print_receipt)
    assert kiosk.apply.printing == "print_failed" and _printed(spool) == []


def test_a_failing_printer_is_told_and_the_receipt_stays_on_screen(
    kiosk: KioskBrowser, spool: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YIWANG_PRINTER", "kiosk-a4")
    monkeypatch.setenv("PATH", str(spool))  # no `lp` to be found: the CUPS client is missing
    get_settings.cache_clear()
    _apply(kiosk)
    kiosk.call(KioskApplyState.print_receipt)
    assert kiosk.apply.printing == "print_failed" and kiosk.state.screen == "receipt"
    assert kiosk.apply.receipt_no
