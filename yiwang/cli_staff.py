"""`yiwang staff add|list`: staff accounts for editors, reviewers, admins and bank tellers."""

from __future__ import annotations

import argparse
import getpass
import sys

from core.identity.permissions import Role


def _cmd_add(args: argparse.Namespace) -> int:
    from core.db import migrate
    from core.identity.staff import StaffAuthError
    from core.services import staff_accounts

    migrate()
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    try:
        created = staff_accounts().create(args.username, args.name or args.username, password, args.role)
    except StaffAuthError as refused:
        print(f"refused: {refused.code}", file=sys.stderr)
        return 2
    print(f"created {args.username} with roles {', '.join(sorted(created.principal.roles))}")
    print("Add this to the authenticator app now (shown once):")
    print(f"  secret: {created.totp_secret}")
    print(f"  URI:    {created.provisioning_uri}")
    return 0


def add_staff_commands(sub: argparse._SubParsersAction) -> None:
    staff = sub.add_parser("staff", help="staff accounts (password + TOTP)")
    commands = staff.add_subparsers(dest="staff_command", required=True)
    add = commands.add_parser("add", help="create a staff account and print its TOTP secret once")
    add.add_argument("username")
    add.add_argument("--name", help="display name")
    add.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=_cmd_add)
