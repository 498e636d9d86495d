"""`yiwang terminals add|list|revoke`: credentials of kiosks and bank terminals."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import Engine


def add_terminal_commands(sub: argparse._SubParsersAction) -> None:
    terminals = sub.add_parser("terminals", help="kiosk and bank terminal credentials")
    terminals_sub = terminals.add_subparsers(dest="terminals_command", required=True)

    add = terminals_sub.add_parser("add", help="register a terminal; prints its key once")
    add.add_argument("--kind", required=True, choices=["kiosk", "bank"])
    add.add_argument("--site", required=True, help="hall or bank branch, e.g. 新华区政务服务中心")
    add.add_argument("--id", dest="terminal_id", help="e.g. kiosk-xinhua-01 (default: generated)")
    add.set_defaults(func=_cmd_add)

    terminals_sub.add_parser("list", help="registered terminals").set_defaults(func=_cmd_list)

    revoke = terminals_sub.add_parser("revoke", help="refuse a terminal's requests from now on")
    revoke.add_argument("terminal_id", metavar="ID")
    revoke.set_defaults(func=_cmd_revoke)


def _engine() -> Engine:
    from core.db import get_engine, migrate

    migrate()
    return get_engine()


def _registry():
    from core.audit import AuditLog
    from core.identity.nonces import make_nonce_store
    from core.identity.terminals import TerminalRegistry
    from core.redis_client import configured_redis, redis_prefix

    engine = _engine()
    nonces = make_nonce_store(engine, configured_redis(), redis_prefix("nonce"))
    return TerminalRegistry(engine, nonces, audit=AuditLog(engine))


def _operator() -> str:
    try:
        return getpass.getuser()[:64]
    except (KeyError, OSError):
        return "cli"


def _cmd_add(args: argparse.Namespace) -> int:
    try:
        new = _registry().register(args.kind, args.site, args.terminal_id, actor=_operator())
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"terminal {new.terminal.id} ({new.terminal.kind}) at {new.terminal.site}")
    print(f"key      {new.key}")
    print("Put the key in the terminal's configuration now: it is not shown again.")
    print("A lost key cannot be recovered; revoke the terminal and register a new one.")
    return 0


def _cmd_list(_args: argparse.Namespace) -> int:
    terminals = _registry().list()
    if not terminals:
        print("no terminals registered")
    for terminal in terminals:
        status = f"revoked {terminal.revoked_at:%Y-%m-%d %H:%M}" if terminal.revoked_at else "active"
        created = f"{terminal.created_at:%Y-%m-%d}"
        print(f"{terminal.id:24} {terminal.kind:6} {status:24} {created}  {terminal.site}")
    return 0


def _cmd_revoke(args: argparse.Namespace) -> int:
    try:
        terminal = _registry().revoke(args.terminal_id, actor=_operator())
    except KeyError:
        print(f"no terminal is registered as {args.terminal_id}", file=sys.stderr)
        return 2
    print(f"terminal {terminal.id} revoked at {terminal.revoked_at:%Y-%m-%d %H:%M:%S} UTC")
    return 0
