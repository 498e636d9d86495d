"""Kiosk states called as a given browser would: paired with a kiosk terminal (its HttpOnly
terminal cookie), with another kind of terminal, or not at all."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from core.services import session_store, terminal_registry
from kiosk.testing import GAO, HE, KioskBrowser, verified_citizen
from shared_ui.session import TERMINAL_COOKIE


def _pair(kind: str) -> tuple[str, str]:
    terminal = terminal_registry().register(kind, "新华区政务服务大厅").terminal
    token, _active = session_store().start("terminal", terminal.id, "terminal")
    return terminal.id, f"{TERMINAL_COOKIE}={token}"


@pytest.fixture
def paired(seeded_env: str) -> Callable[[str], tuple[str, str]]:
    """Register a terminal of a kind and pair a browser with it: (terminal id, cookie header)."""
    return _pair


@pytest.fixture
def as_browser() -> Callable[[type[rx.State], str], rx.State]:
    def make(state_class: type[rx.State], cookie: str) -> rx.State:
        state = state_class(_reflex_internal_init=True)
        state.router = RouterData.from_router_data(
            {"headers": {"cookie": cookie}, "ip": "127.0.0.1", "pathname": "/kiosk"}
        )
        return state

    return make


@pytest.fixture
def kiosk(paired, seeded_env: str) -> KioskBrowser:
    """A paired kiosk's browser; two residents have verified their real names (c-he, c-gao)."""
    verified_citizen(seeded_env, HE, "c-he")
    verified_citizen(seeded_env, GAO, "c-gao")
    terminal_id, cookie = paired("kiosk")
    kiosk = KioskBrowser(cookie)
    assert kiosk.state._terminal == terminal_id
    return kiosk
