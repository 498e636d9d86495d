"""`yiwang` console script: database, seed catalogue, search, statistics, QR print files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from yiwang.cli_api import add_api_command
from yiwang.cli_bank import add_bank_commands
from yiwang.cli_codes import add_code_commands
from yiwang.cli_devices import add_device_commands
from yiwang.cli_guide import add_guide_commands
from yiwang.cli_outbox import add_outbox_commands
from yiwang.cli_print import add_print_commands
from yiwang.cli_sandbox import add_sandbox_commands
from yiwang.cli_scale import add_scale_command
from yiwang.cli_serve import add_serve_command
from yiwang.cli_staff import add_staff_commands
from yiwang.cli_terminals import add_terminal_commands


def _ready() -> None:
    """Commands that read the catalogue work on a fresh checkout: migrate, seed if empty."""
    from core.db import get_engine, migrate
    from core.guide.repository import SqlCatalogueRepository
    from core.guide.seeding import seed_catalogue
    from core.settings import get_settings

    settings = get_settings()
    migrate()
    seed_catalogue(SqlCatalogueRepository(get_engine(settings.database_url)), settings.catalogue_dir)


def _cmd_db_upgrade(_args: argparse.Namespace) -> int:
    from core.db import migrate

    migrate()
    print("database is at the newest revision")
    return 0


def _cmd_seed(args: argparse.Namespace) -> int:
    from core.db import get_engine, migrate
    from core.guide.repository import SqlCatalogueRepository
    from core.guide.seeding import add_synthetic, seed_catalogue
    from core.settings import get_settings

    settings = get_settings()
    migrate()
    repository = SqlCatalogueRepository(get_engine(settings.database_url))
    wrote = seed_catalogue(repository, settings.catalogue_dir, force=args.force)
    print("seeded the demo catalogue" if wrote else "catalogue already present (use --force)")
    if args.synthetic:
        print(f"added {add_synthetic(repository, args.synthetic)} synthetic items")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from core.services import guide_service

    _ready()

    results = guide_service().search(args.query, limit=args.limit)
    hits = results.hits or results.suggestions
    if args.json:
        print(json.dumps([_hit_json(hit) for hit in results.hits], ensure_ascii=False))
        return 0
    if not results.hits:
        print("no match; you may mean:")
    for rank, hit in enumerate(hits, 1):
        why = "; ".join(f"{r.kind}:{r.term}" for r in hit.reasons)
        print(f"{rank:2}. [{hit.kind}] {hit.code} {hit.plain_name} ({hit.name}) — {why}")
    return 0


def _hit_json(hit) -> dict:
    return {
        "code": hit.code,
        "name": hit.name,
        "plain_name": hit.plain_name,
        "plain_name_en": hit.plain_name_en,
        "kind": hit.kind,
        "department": hit.department,
        "score": round(hit.score, 3),
        "reasons": [{"kind": r.kind, "term": r.term, "via": r.via} for r in hit.reasons],
    }


def _cmd_catalog_stats(args: argparse.Namespace) -> int:
    from core.guide.stats import catalogue_stats
    from core.services import guide_service

    _ready()

    stats = catalogue_stats(guide_service().catalogue)
    if args.json:
        print(json.dumps(stats))
    else:
        for key, value in stats.items():
            print(f"{key:28} {value}")
    return 0


def _cmd_qr(args: argparse.Namespace) -> int:
    from core.guide.scan_codes import entry_url, write_print_file
    from core.services import guide_service
    from core.settings import get_settings

    _ready()

    target = guide_service().resolve_entry(args.code)
    if target is None:
        print(f"no item or bundle has the code {args.code}", file=sys.stderr)
        return 2
    url = entry_url(get_settings().public_url, target.code)
    try:
        spec = write_print_file(url, Path(args.out))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{args.out}: {url}")
    print(
        f"module {spec.module_mm:.1f} mm, symbol {spec.size_mm:.1f} mm wide with quiet zone "
        f"({spec.modules} modules; {spec.px_per_module} px per module at {spec.dpi} dpi)"
    )
    return 0


def _cmd_messages(_args: argparse.Namespace) -> int:
    from yiwang.messages import main as update_messages

    return update_messages()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yiwang", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=_cmd_db_upgrade)

    seed = sub.add_parser("seed", help="load the demo catalogue from data/")
    seed.add_argument("--force", action="store_true", help="replace an existing catalogue")
    seed.add_argument("--synthetic", type=int, default=0, metavar="N", help="add N generated items")
    seed.set_defaults(func=_cmd_seed)

    search = sub.add_parser("search", help="search items and bundles as a resident would")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=_cmd_search)

    catalog = sub.add_parser("catalog", help="catalogue facts")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    stats = catalog_sub.add_parser("stats", help="counts of items, bundles, English...")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=_cmd_catalog_stats)

    qr = sub.add_parser("qr", help="print file of an item's or bundle's scan-to-apply code")
    qr.add_argument("code")
    qr.add_argument("--out", required=True, help="FILE.svg or FILE.png")
    qr.set_defaults(func=_cmd_qr)
    add_serve_command(sub, _ready)
    add_api_command(sub, _ready)
    add_scale_command(sub, _ready)

    add_sandbox_commands(sub)
    add_staff_commands(sub)
    add_guide_commands(sub)
    add_code_commands(sub)
    add_terminal_commands(sub)
    add_outbox_commands(sub)
    add_device_commands(sub)
    add_bank_commands(sub)
    add_print_commands(sub)

    sub.add_parser("messages", help="extract UI strings, update locale/ catalogs").set_defaults(
        func=_cmd_messages
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from core.settings import SettingsError, get_settings

    try:  # refuse a bad YIWANG_* variable now, naming it, not at the first request that reads it
        get_settings()
    except SettingsError as bad:
        print(f"yiwang: {bad}", file=sys.stderr)
        return 2
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
