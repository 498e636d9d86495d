"""The branch manager's daily report (/bank/report): what this branch's tellers did on a day.
Customers appear as pseudonyms only; the branch is the paired terminal's, never chosen freely."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import reflex as rx

from bank_terminal.access import LOGIN_ROUTE, REPORT_ROUTE, desk_of
from bank_terminal.registry import bank_page
from core.bank.audit import record_act
from core.bank.report import branch_report
from core.clock import BEIJING
from core.db import get_engine
from core.identity.permissions import Permission
from core.services import audit_log
from shared_ui.i18n import N_, msg


@dataclass
class LineRow:
    at: str = ""
    teller: str = ""
    terminal: str = ""
    action: str = ""
    outcome: str = ""
    customer: str = ""
    purpose: str = ""
    detail: str = ""


class BankReportState(rx.State):
    day: str = ""
    branch: str = ""
    allowed: bool = False
    submitted: int = 0
    served: int = 0
    refusals: int = 0
    lines: list[LineRow] = []

    @rx.event
    def load_report(self):
        self.day = datetime.now(BEIJING).date().isoformat()
        return self._show()

    @rx.event
    def choose_day(self, form_data: dict):
        try:
            self.day = date.fromisoformat(str(form_data.get("day", ""))[:10]).isoformat()
        except ValueError:
            return None
        return self._show()

    def _show(self):
        desk = desk_of(self, Permission.VIEW_BRANCH_REPORT)
        if desk is None:
            self.allowed, self.lines = False, []
            return None if desk_of(self) is not None else rx.redirect(LOGIN_ROUTE)
        report = branch_report(get_engine(), desk.branch, date.fromisoformat(self.day))
        record_act(audit_log(), desk, "report.read", "ok", purpose="oversight", day=self.day)
        self.allowed, self.branch = True, desk.branch
        self.submitted, self.served, self.refusals = (
            report.applications_submitted,
            report.customers_served,
            report.refusals,
        )
        self.lines = [LineRow(**{**line.__dict__, "customer": line.customer[:8]}) for line in report.lines]
        return None


def _row(line: LineRow) -> rx.Component:
    return rx.el.tr(
        *(
            rx.el.td(value)
            for value in (
                line.at,
                line.teller,
                line.terminal,
                line.action,
                line.outcome,
                line.customer,
                line.purpose,
                line.detail,
            )
        )
    )


def _table() -> rx.Component:
    heads = (
        N_("Time"),
        N_("Teller"),
        N_("Terminal"),
        N_("Act"),
        N_("Outcome"),
        N_("Customer (pseudonym)"),
        N_("Purpose"),
        N_("Detail"),
    )
    return rx.el.table(
        rx.el.thead(rx.el.tr(*(rx.el.th(msg(h), scope="col") for h in heads))),
        rx.el.tbody(rx.foreach(BankReportState.lines, _row)),
        class_name="work-table",
        id="report-lines",
    )


@bank_page(REPORT_ROUTE, title="网点日报 · Branch report", on_load=BankReportState.load_report)
def report_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Branch daily report")),
        rx.cond(
            BankReportState.allowed,
            rx.el.div(
                rx.el.p(BankReportState.branch),
                rx.el.form(
                    rx.el.label(msg("Day"), html_for="report-day", class_name="field-label"),
                    rx.el.input(
                        id="report-day",
                        name="day",
                        type="date",
                        default_value=BankReportState.day,
                        key=BankReportState.day,
                        class_name="text-input",
                    ),
                    rx.el.button(msg("Show"), type="submit", class_name="button"),
                    on_submit=BankReportState.choose_day,
                    class_name="filter-row",
                ),
                rx.el.p(
                    msg("Applications submitted"),
                    ": ",
                    BankReportState.submitted,
                    " · ",
                    msg("Customers served"),
                    ": ",
                    BankReportState.served,
                    " · ",
                    msg("Refusals"),
                    ": ",
                    BankReportState.refusals,
                    id="report-summary",
                ),
                _table(),
                class_name="stack",
            ),
            rx.el.p(
                msg("Only a branch manager may read the branch report."), role="alert", class_name="error"
            ),
        ),
    )
