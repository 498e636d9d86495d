"""The branch manager's report, from the CLI and the /bank/report page: one branch, one day,
customers as pseudonyms; a teller is not shown it; bad input is refused clearly."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from reflex.istate.data import RouterData

from bank_terminal.pages.report import BankReportState
from core.bank.audit import Desk
from core.clock import BEIJING
from core.services import bank, session_store, terminal_registry
from shared_ui.session import SESSION_COOKIE, TERMINAL_COOKIE
from tests.bank.conftest import BRANCH_X, card_record
from yiwang.cli import main


@pytest.fixture
def served(terminals, tellers, citizen) -> str:
    """A customer identified and a consent asked at branch X today."""
    desk = Desk(tellers["x"].username, "柜员x", terminal_registry().get(terminals["x"].id))
    bank().customers.by_id_card(desk, card_record(citizen))
    bank().consents.ask(desk, citizen.id, ["200070003000"])
    return datetime.now(BEIJING).date().isoformat()


def test_cli_report_lists_the_branch_day_without_personal_data(served: str, citizen, capsys) -> None:
    assert main(["bank", "report", "--branch", BRANCH_X, "--day", served, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [line["action"] for line in report["lines"]] == ["customer.identify", "consent.ask"]
    assert all(line["teller"] == "x.teller" and line["customer"] for line in report["lines"])
    assert citizen.id_number not in json.dumps(report, ensure_ascii=False)
    assert main(["bank", "report", "--branch", BRANCH_X, "--day", served]) == 0
    assert "customers served: 1" in capsys.readouterr().out


def test_cli_report_refuses_a_bad_day(seeded_env: str, capsys) -> None:
    assert main(["bank", "report", "--branch", BRANCH_X, "--day", "28/11/2026"]) == 2
    assert "--day is a date like 2026-11-28" in capsys.readouterr().err


def _page(username: str, terminal_id: str) -> BankReportState:
    teller = session_store().start("staff", username, "bank_teller")[0]
    paired = session_store().start("terminal", terminal_id, "terminal")[0]
    state = BankReportState(_reflex_internal_init=True)
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": f"{SESSION_COOKIE}={teller}; {TERMINAL_COOKIE}={paired}"},
            "pathname": "/bank/report",
        }
    )
    return state


def test_report_page_is_for_the_branch_manager_only(served: str, terminals, tellers) -> None:
    manager = _page(tellers["manager"].username, terminals["x"].id)
    BankReportState.load_report.fn(manager)
    assert manager.allowed and manager.branch == BRANCH_X and manager.served == 1
    assert [line.action for line in manager.lines][:2] == ["customer.identify", "consent.ask"]
    teller = _page(tellers["x"].username, terminals["x"].id)
    BankReportState.load_report.fn(teller)
    assert not teller.allowed and teller.lines == []
    BankReportState.choose_day.fn(manager, {"day": "not a day"})
    assert manager.day == served  # bad input changes nothing
