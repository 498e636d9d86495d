"""`yiwang guide check`: the plain-language checker from the command line (files or text),
and `yiwang guide publish-due`: publish scheduled guides whose time has come once."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_check(args: argparse.Namespace) -> int:
    from core.guide.readability import check_text

    text = Path(args.file).read_text(encoding="utf-8") if args.file else " ".join(args.text)
    if not text.strip():
        print("give a text or --file", file=sys.stderr)
        return 2
    report = check_text(text)
    if args.json:
        findings = [
            {
                "kind": f.kind.value,
                "start": f.start,
                "length": f.length,
                "text": f.text,
                "suggestion": f.suggestion,
            }
            for f in report.findings
        ]
        reason = [{"kind": p.kind.value, "count": p.count, "points": p.points} for p in report.reason]
        print(json.dumps({"score": report.score, "reason": reason, "findings": findings}, ensure_ascii=False))
        return 0
    print(f"score {report.score}/100; rare characters {report.rare_share:.1%}")
    for penalty in report.reason:
        print(f"  -{penalty.points:3d}  {penalty.kind.value} x{penalty.count}")
    for f in report.findings:
        hint = f" -> {f.suggestion}" if f.suggestion else ""
        print(f"{f.start:5d}+{f.length:<3d} {f.kind.value:16s} {f.text[:40]}{hint}")
    return 0


def _cmd_publish_due(_args: argparse.Namespace) -> int:
    from core.db import migrate
    from core.services import editorial

    migrate()
    published = editorial().publish_due()
    print(f"published {len(published)} scheduled guides: {', '.join(published) or '-'}")
    return 0


def add_guide_commands(sub: argparse._SubParsersAction) -> None:
    guide = sub.add_parser("guide", help="plain-language check and scheduled publishing of guides")
    commands = guide.add_subparsers(dest="guide_command", required=True)
    check = commands.add_parser("check", help="check Chinese text for plain language")
    check.add_argument("text", nargs="*", help="the text (or use --file)")
    check.add_argument("--file", help="a UTF-8 text file")
    check.add_argument("--json", action="store_true", help="score, reasons and findings as JSON")
    check.set_defaults(func=_cmd_check)
    due = commands.add_parser("publish-due", help="publish scheduled guides whose time has come, once")
    due.set_defaults(func=_cmd_publish_due)
