"""For test suites: a paired browser's kiosk state tree, driven as the watcher and the page drive
it, and the reads a kiosk terminal's devices post (an ID card, a QR code)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import Session, select

from core.db import get_engine
from core.identity.id_card import IdCard
from core.identity.records import CitizenRecord
from core.identity.terminal_events import TerminalEvent
from kiosk.apply import KioskApplyState
from kiosk.enrol import KioskEnrolState
from kiosk.reactions import react
from kiosk.state import KioskState

Person = tuple[str, str, date, str]  # name, ID number, birth date, sex
# Residents of the sandbox population register (data/sandbox/population.yaml): fictional.
HE: Person = ("何永胜", "410482196703211796", date(1967, 3, 21), "男")
GAO: Person = ("高雪", "410482200408081801", date(2004, 8, 8), "女")


def card_read(person: Person, valid_until: date | None = None) -> TerminalEvent:
    name, number, born, sex = person
    card = IdCard(
        name, sex, "汉", born, "舞钢市垭口街道", number, "舞钢市公安局", date(2020, 1, 1), valid_until
    )
    return TerminalEvent(1, "t", "id_card", card.to_record(), datetime.now(UTC))


def qr_read(text: str) -> TerminalEvent:
    return TerminalEvent(2, "t", "qr", {"text": text}, datetime.now(UTC))


def verified_citizen(database_url: str, person: Person, citizen_id: str) -> str:
    """A resident who verified their real name earlier, on the website or their phone: the id
    of their account (made here unless it exists)."""
    name, number, _, _ = person
    with Session(get_engine(database_url)) as session:
        found = session.exec(select(CitizenRecord).where(CitizenRecord.id_number == number)).first()
        if found is not None:
            return found.id
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
    return citizen_id


def _substate(root: rx.State, state_class: type[rx.State]) -> rx.State:
    return root.get_substate(state_class.get_full_name().split(".")[1:])


class KioskBrowser:
    """A paired browser's state tree: the kiosk, apply and enrol states."""

    def __init__(self, cookie: str) -> None:
        root = rx.State(_reflex_internal_init=True)
        root.router = RouterData.from_router_data({"headers": {"cookie": cookie}, "pathname": "/kiosk"})
        self.state: KioskState = _substate(root, KioskState)
        self.apply: KioskApplyState = _substate(root, KioskApplyState)
        self.enrol: KioskEnrolState = _substate(root, KioskEnrolState)
        KioskState.load_kiosk.fn(self.state)

    def read(self, event: TerminalEvent) -> None:
        asyncio.run(react(self.state, event))

    def call(self, handler, *args):
        """Run an (async) event handler of the apply, enrol or kiosk state."""
        name = handler.fn.__name__
        for target in (self.apply, self.enrol):
            if name in type(target).event_handlers:
                return asyncio.run(handler.fn(target, *args))
        return asyncio.run(handler.fn(self.state, *args))
