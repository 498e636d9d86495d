"""The bank desk's Reflex handlers decide on every call who is calling: without a teller's
bank session AND a paired bank terminal nothing is shown or done; with both, a customer is
served and, when they leave, every trace of them is gone from the state."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from bank_terminal.desk_state import BankDeskState
from core.services import bank, session_store, terminal_events
from core.testing.paper import pdf_text
from shared_ui.session import SESSION_COOKIE, TERMINAL_COOKIE
from tests.bank.conftest import card_record

PROOF = "200070003000"


def _state(teller_token: str = "", terminal_token: str = "") -> BankDeskState:
    cookie = "; ".join(
        f"{name}={value}"
        for name, value in ((SESSION_COOKIE, teller_token), (TERMINAL_COOKIE, terminal_token))
        if value
    )
    state = BankDeskState(_reflex_internal_init=True)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "ip": "127.0.0.1", "pathname": "/bank"}
    )
    return state


def _redirects_to_login(result) -> bool:
    return isinstance(result, rx.event.EventSpec) and result.args[0][1]._var_value == "/bank/login"


@pytest.fixture
def cookies(terminals, tellers) -> dict[str, str]:
    start = session_store().start
    return {
        "teller": start("staff", tellers["x"].username, "bank_teller")[0],
        "editor_channel": start("staff", tellers["x"].username, "editor")[0],
        "terminal_x": start("terminal", terminals["x"].id, "terminal")[0],
    }


@pytest.mark.parametrize(
    ("teller", "terminal"),
    [("", ""), ("teller", ""), ("", "terminal_x"), ("editor_channel", "terminal_x")],
    ids=["nobody", "teller-unpaired-browser", "terminal-no-teller", "editor-session"],
)
def test_without_teller_and_terminal_nothing_is_done(cookies, teller: str, terminal: str) -> None:
    state = _state(cookies.get(teller, ""), cookies.get(terminal, ""))
    assert _redirects_to_login(BankDeskState.load_desk.fn(state))
    assert state.offers == [] and state.branch == ""
    assert _redirects_to_login(BankDeskState.choose.fn(state, PROOF))
    assert _redirects_to_login(BankDeskState.submit_application.fn(state, {}))
    assert _redirects_to_login(BankDeskState.customer_leaves.fn(state))
    assert state.stage == "waiting" and state.consent_qr == ""


def test_a_customer_is_served_and_leaves_no_trace(cookies, terminals, citizen) -> None:
    state = _state(cookies["teller"], cookies["terminal_x"])
    BankDeskState.load_desk.fn(state)
    assert state.branch == terminals["x"].branch and state.offers[0].code == "010090002002"
    assert BankDeskState.choose.fn(state, PROOF) is None and state.error == "customer_required"

    desk = state._desk()
    state._identify(desk, "id_card", card_record(citizen))
    assert (state.stage, state.customer_name) == ("customer", "王*明")
    assert citizen.id_number not in str(state.dict())
    BankDeskState.choose.fn(state, PROOF)
    assert state.stage == "consent" and "<svg" in state.consent_qr
    state._open_form(desk)
    assert state.stage == "consent" and state.error == "consent_required"  # no yes on the phone yet

    code = bank().consents.for_desk(desk, state._consent_id).code
    bank().consents.answer(code, citizen.id, accept=True)
    state.error = ""
    state._open_form(desk)
    assert state.stage == "form" and {f.id for f in state.fields} >= {"applicant_name", "applicant_id_number"}
    assert citizen.id_number not in str(state.dict())
    BankDeskState.submit_application.fn(state, {})
    assert state.stage == "receipt" and state.receipt_no

    terminal_events().post(terminals["x"].id, "id_card", card_record(citizen))  # a second read, too late
    customer_token = state._customer_token
    BankDeskState.customer_leaves.fn(state)
    assert state.stage == "waiting" and state.teller_name
    for value in (
        state.customer_name,
        state.customer_number,
        state.receipt_no,
        state.consent_qr,
        state._customer_token,
        state._consent_id,
        state._draft_id,
        state.chosen_code,
    ):
        assert value == ""
    assert state.fields == [] and terminal_events().take(terminals["x"].id) == []
    assert session_store().resolve(customer_token) is None


def test_an_e_id_code_scanned_at_the_desk_identifies_once(cookies, citizen) -> None:
    from core.identity.codes import issue_eid_code

    state = _state(cookies["teller"], cookies["terminal_x"])
    BankDeskState.load_desk.fn(state)
    state._identify(state._desk(), "qr", {"text": "not a code"})
    assert (state.stage, state.error) == ("waiting", "bad_code")
    payload = issue_eid_code(citizen.id, channels=("bank",)).payload
    state._identify(state._desk(), "qr", {"text": payload})
    assert (state.stage, state.customer_name, state.error) == ("customer", "王*明", "")
    BankDeskState.customer_leaves.fn(state)
    state._identify(state._desk(), "qr", {"text": payload})  # the same code again: used up
    assert (state.stage, state.error) == ("waiting", "bad_code")


def test_the_receipt_is_printed_only_for_the_teller_and_the_customer_at_the_desk(
    cookies, citizen, print_spool: Path
) -> None:
    state = _state(cookies["teller"], cookies["terminal_x"])
    BankDeskState.load_desk.fn(state)
    desk = state._desk()
    state._identify(desk, "id_card", card_record(citizen))
    BankDeskState.choose.fn(state, PROOF)
    bank().consents.answer(bank().consents.for_desk(desk, state._consent_id).code, citizen.id, accept=True)
    state._open_form(desk)
    BankDeskState.submit_application.fn(state, {})
    assert state.stage == "receipt"

    for teller, terminal in (("", "terminal_x"), ("teller", ""), ("editor_channel", "terminal_x")):
        stranger = _state(cookies.get(teller, ""), cookies.get(terminal, ""))
        stranger._customer_token, stranger._application_id = state._customer_token, state._application_id
        stranger.stage = "receipt"
        asyncio.run(BankDeskState.print_receipt.fn(stranger))
        assert stranger.printing == "" and not print_spool.exists()

    asyncio.run(BankDeskState.print_receipt.fn(state))
    assert state.printing == "printed"
    [sheet] = print_spool.glob("*.pdf")
    text = pdf_text(sheet.read_bytes())
    assert state.receipt_no in text and citizen.id_number not in text and citizen.id_number[-4:] in text

    application = state._application_id
    BankDeskState.customer_leaves.fn(state)
    assert state.printing == "" and state._application_id == ""
    state._application_id, state.stage = application, "receipt"  # even if a var were left behind
    asyncio.run(BankDeskState.print_receipt.fn(state))
    assert state.printing == "" and len(list(print_spool.glob("*.pdf"))) == 1
