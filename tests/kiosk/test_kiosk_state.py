"""The kiosk page works only for a browser paired with a live kiosk terminal: every handler
asks, an ordinary browser, a bank terminal or a revoked kiosk gets nothing."""

from __future__ import annotations

import pytest

from core.services import guide_service, terminal_events, terminal_registry
from kiosk.state import KioskState, idle_times

MEDICAL = "070060001000"


@pytest.fixture
def kiosk_state(paired, as_browser) -> tuple[str, KioskState]:
    terminal_id, cookie = paired("kiosk")
    return terminal_id, as_browser(KioskState, cookie)


def test_a_paired_kiosk_opens_with_big_choices_and_watches_its_terminal(kiosk_state) -> None:
    _terminal_id, state = kiosk_state
    watch = KioskState.load_kiosk.fn(state)
    assert state.paired and state.loaded and state.screen == "attract"
    assert len(state.most_used) == 6 and state.life_events
    catalogue = guide_service().catalogue
    assert all("kiosk" in catalogue.item(card.code).channels for card in state.most_used)
    assert watch is KioskState.watch_terminal
    assert (state.idle_seconds, state.warn_seconds) == (90, 30)


def test_opening_the_page_drops_reads_left_by_the_last_person(kiosk_state) -> None:
    terminal_id, state = kiosk_state
    terminal_events().post(terminal_id, "qr", {"text": "left behind"})
    KioskState.load_kiosk.fn(state)
    assert terminal_events().take(terminal_id) == []


@pytest.mark.parametrize("browser", ["ordinary", "bank", "revoked"])
def test_anything_but_a_paired_kiosk_gets_nothing(paired, as_browser, browser: str) -> None:
    cookie = ""
    if browser != "ordinary":
        terminal_id, cookie = paired("bank" if browser == "bank" else "kiosk")
        if browser == "revoked":
            terminal_registry().revoke(terminal_id)
    state = as_browser(KioskState, cookie)
    assert KioskState.load_kiosk.fn(state) is None
    assert not state.paired and state.loaded and state.most_used == []
    KioskState.begin.fn(state)
    KioskState.open_item.fn(state, MEDICAL)
    KioskState.open_life_event.fn(state, "birth")
    assert state.screen == "attract" and state.guide.code == "" and state.cards == []


def test_a_state_opened_on_one_kiosk_refuses_another_kiosks_cookie(paired, as_browser) -> None:
    _first, cookie = paired("kiosk")
    state = as_browser(KioskState, cookie)
    KioskState.load_kiosk.fn(state)
    _second, other_cookie = paired("kiosk")
    state.router = as_browser(KioskState, other_cookie).router
    KioskState.open_item.fn(state, MEDICAL)
    assert state.guide.code == "" and not state.paired


def test_an_item_opens_its_guide_with_the_first_scenario(kiosk_state) -> None:
    _terminal_id, state = kiosk_state
    KioskState.load_kiosk.fn(state)
    KioskState.open_item.fn(state, MEDICAL)
    assert state.screen == "guide" and state.guide.code == MEDICAL
    assert "kiosk" in state.guide.channels
    assert state.scenario_id == state.guide.scenarios[0].id and state.materials
    KioskState.choose_scenario.fn(state, state.guide.scenarios[1].id)
    assert state.scenario_id == state.guide.scenarios[1].id


def test_an_unknown_item_says_so_and_stays(kiosk_state) -> None:
    _terminal_id, state = kiosk_state
    KioskState.load_kiosk.fn(state)
    KioskState.begin.fn(state)
    KioskState.open_item.fn(state, "NOPE")
    assert state.screen == "start" and state.notice == "unknown_code"


def test_a_life_event_lists_its_items(kiosk_state) -> None:
    _terminal_id, state = kiosk_state
    KioskState.load_kiosk.fn(state)
    event = state.life_events[0]
    KioskState.open_life_event.fn(state, event.href)
    assert state.screen == "list" and state.list_title == event.label and state.cards


def test_the_idle_time_can_only_be_shortened(monkeypatch) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("YIWANG_KIOSK_IDLE_SECONDS", "30")
    get_settings.cache_clear()
    try:
        assert idle_times() == (30, 15)
    finally:
        monkeypatch.delenv("YIWANG_KIOSK_IDLE_SECONDS")
        get_settings.cache_clear()
    assert idle_times() == (90, 30)
