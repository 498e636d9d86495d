"""Staff accounts on a seeded database, and Reflex states called as a given browser would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from core.identity.staff import NewStaff
from core.services import staff_accounts

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Staff:
    username: str
    secret: str


def _create(username: str, role: str) -> Staff:
    created: NewStaff = staff_accounts().create(username, f"{username} display", PASSWORD, [role])
    return Staff(username, created.totp_secret)


@pytest.fixture
def editor_staff(seeded_env: str) -> Staff:
    return _create("wang.editor", "editor")


@pytest.fixture
def teller_staff(seeded_env: str) -> Staff:
    return _create("li.teller", "teller")


def _with_cookie(state_class: type[rx.State], cookie: str) -> rx.State:
    state = state_class(_reflex_internal_init=True)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "ip": "127.0.0.1", "pathname": "/editor"}
    )
    return state


@pytest.fixture
def as_browser() -> Callable[[type[rx.State], str], rx.State]:
    """A state whose router says which cookie the browser sent when its websocket connected."""
    return _with_cookie


@pytest.fixture
def spec_arg() -> Callable:
    """The plain value of an EventSpec argument (a redirect's path, a script's code)."""
    return lambda spec, index=0: spec.args[index][1]._var_value
