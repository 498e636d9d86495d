"""`yiwang print guide CODE`: an item's guide on paper, through the configured printer (CUPS
queue YIWANG_PRINTER) or into the spool folder, or to a file with --out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_guide(args: argparse.Namespace) -> int:
    from core.printing.guide import render_guide
    from core.printing.printer import Printer, PrintFailed
    from core.services import guide_service
    from core.settings import get_settings

    catalogue = guide_service().catalogue
    item = catalogue.find_item(args.code)
    if item is None:
        print(f"no item with code {args.code}", file=sys.stderr)
        return 2
    data = render_guide(item, catalogue.find_department(item.department), get_settings().public_url)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out}")
        return 0
    try:
        job = Printer.from_settings().print_pdf(data, "guide")
    except PrintFailed as failed:
        print(f"not printed: {failed}", file=sys.stderr)
        return 1
    print(f"printed {job.job_name} to {job.destination}")
    return 0


def add_print_commands(sub: argparse._SubParsersAction) -> None:
    printing = sub.add_parser("print", help="print files: an item's guide")
    commands = printing.add_subparsers(dest="print_command", required=True)
    guide = commands.add_parser("guide", help="an item's guide as a PDF, printed or written to --out")
    guide.add_argument("code", help="the item code (事项编码)")
    guide.add_argument("--out", help="write the PDF here instead of printing it")
    guide.set_defaults(func=_cmd_guide)
