"""A terminal's device reads reach its screen once, fresh, and never the next person."""

from __future__ import annotations

from sqlalchemy import Engine

from core.identity.terminal_events import MAX_PENDING, TerminalEvents
from core.testing.fakes import SettableClock


def test_taken_once_in_order(engine: Engine, clock: SettableClock) -> None:
    events = TerminalEvents(engine, clock)
    events.post("kiosk-a", "qr", {"text": "first"})
    events.post("kiosk-a", "qr", {"text": "second"})
    assert [e.payload["text"] for e in events.take("kiosk-a")] == ["first", "second"]
    assert events.take("kiosk-a") == []


def test_terminals_do_not_see_each_others_reads(engine: Engine, clock: SettableClock) -> None:
    events = TerminalEvents(engine, clock)
    events.post("kiosk-a", "qr", {"text": "mine"})
    assert events.take("kiosk-b") == []
    assert [e.payload for e in events.take("kiosk-a")] == [{"text": "mine"}]


def test_stale_reads_are_dropped_not_delivered(engine: Engine, clock: SettableClock) -> None:
    events = TerminalEvents(engine, clock)
    events.post("kiosk-a", "qr", {"text": "old"})
    clock.advance(seconds=31)
    events.post("kiosk-a", "qr", {"text": "new"})
    assert [e.payload["text"] for e in events.take("kiosk-a")] == ["new"]
    assert events.take("kiosk-a") == []


def test_discard_drops_what_is_pending(engine: Engine, clock: SettableClock) -> None:
    events = TerminalEvents(engine, clock)
    events.post("kiosk-a", "id_card", {"name": "王建国"})
    assert events.discard("kiosk-a") == 1
    assert events.take("kiosk-a") == []


def test_pending_reads_are_capped(engine: Engine, clock: SettableClock) -> None:
    events = TerminalEvents(engine, clock)
    for n in range(MAX_PENDING + 5):
        events.post("kiosk-a", "qr", {"text": str(n)})
    taken = events.take("kiosk-a")
    assert len(taken) == MAX_PENDING
    assert taken[-1].payload["text"] == str(MAX_PENDING + 4)
