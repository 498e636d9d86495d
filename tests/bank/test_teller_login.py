"""A teller logs in only at a paired bank terminal, and only an account that may serve
customers gets a bank-teller ticket; a refusal empties the password and code fields."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import reflex as rx
from reflex.istate.data import RouterData

from bank_terminal.pages.login import BankLoginState
from core.services import session_store
from shared_ui.session import TERMINAL_COOKIE
from tests.bank.conftest import PASSWORD


def _state(terminal_token: str = "") -> BankLoginState:
    cookie = f"{TERMINAL_COOKIE}={terminal_token}" if terminal_token else ""
    state = BankLoginState(_reflex_internal_init=True)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "ip": "127.0.0.1", "pathname": "/bank/login"}
    )
    return state


def _form(username: str, code: str, password: str = PASSWORD) -> dict:
    return {"username": f" {username} ", "password": password, "code": code}


def _paired(terminals) -> str:
    return session_store().start("terminal", terminals["x"].id, "terminal")[0]


def test_a_teller_at_a_paired_terminal_gets_a_bank_teller_ticket(terminals, tellers) -> None:
    state = _state(_paired(terminals))
    result = BankLoginState.log_in.fn(state, _form(tellers["x"].username, tellers["x"].code()))
    assert isinstance(result, rx.event.EventSpec)
    url = urlparse(result.args[0][1]._var_value.split("'")[1])
    assert url.path == "/auth/complete"
    ticket = parse_qs(url.query)["ticket"][0]
    _, session = session_store().redeem_ticket(ticket)
    assert (session.subject_id, session.channel) == (tellers["x"].username, "bank_teller")
    assert (state.username, state.error) == (tellers["x"].username, "")


def test_an_unpaired_browser_cannot_log_in(terminals, tellers) -> None:
    state = _state()
    assert BankLoginState.log_in.fn(state, _form(tellers["x"].username, tellers["x"].code())) is None
    assert state.error == "unpaired"


def test_a_wrong_password_and_an_editor_are_refused_and_the_secrets_emptied(terminals, tellers) -> None:
    state = _state(_paired(terminals))
    wrong = BankLoginState.log_in.fn(state, _form(tellers["y"].username, tellers["y"].code(), "wrong!"))
    assert state.error == "invalid" and len(wrong) == 2
    editor = BankLoginState.log_in.fn(state, _form(tellers["ed"].username, tellers["ed"].code()))
    assert state.error == "not_teller" and len(editor) == 2
