"""`yiwang bank report --branch B --day D`: a branch manager's daily report of bank acts."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date


def _cmd_report(args: argparse.Namespace) -> int:
    from core.bank.report import branch_report
    from core.db import get_engine, migrate

    try:
        day = date.fromisoformat(args.day)
    except ValueError:
        print("refused: --day is a date like 2026-11-28", file=sys.stderr)
        return 2
    migrate()
    report = branch_report(get_engine(), args.branch, day)
    if args.json:
        print(
            json.dumps(
                {
                    "branch": report.branch,
                    "day": day.isoformat(),
                    "lines": [asdict(line) for line in report.lines],
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(f"{report.branch} · {day.isoformat()} (Beijing time)")
    print(
        f"applications submitted: {report.applications_submitted}  customers served: "
        f"{report.customers_served}  refusals: {report.refusals}"
    )
    for line in report.lines:
        print(
            f"{line.at}  {line.teller or '-':<16} {line.terminal:<18} {line.action:<20} {line.outcome:<8} "
            f"customer={line.customer or '-'} purpose={line.purpose or '-'} {line.detail}"
        )
    return 0


def add_bank_commands(sub: argparse._SubParsersAction) -> None:
    bank = sub.add_parser("bank", help="政银通办 bank branches")
    commands = bank.add_subparsers(dest="bank_command", required=True)
    report = commands.add_parser("report", help="what a branch did on one day (customers as pseudonyms)")
    report.add_argument("--branch", required=True, help="the branch, as registered for its terminals")
    report.add_argument("--day", required=True, help="YYYY-MM-DD, Beijing time")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=_cmd_report)
