"""`yiwang outbox list|requeue` shows and re-sends deliveries to department systems;
`yiwang relay` delivers the outbox until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from datetime import timedelta

DEFAULT_DEPARTMENTS_URL = "http://127.0.0.1:8735"
STATUSES = ("pending", "delivering", "delivered", "rejected", "dead")


def _engine(migrate_first: bool = True):
    from core.db import get_engine, migrate
    from core.settings import get_settings

    if migrate_first:
        migrate()
    return get_engine(get_settings().database_url)


def _cmd_list(args: argparse.Namespace) -> int:
    from core.applications.delivery.outbox import list_entries

    entries = list_entries(_engine(), status=args.status, limit=args.limit)
    if not entries:
        print("no outbox entries" + (f" with status {args.status}" if args.status else ""))
    for entry in entries:
        when = entry.next_attempt_at.isoformat(timespec="seconds")
        line = (
            f"#{entry.id:<5} {entry.status:10} {entry.department:18} {entry.kind} {entry.application_id}"
            f"  attempts {entry.attempts}  next {when}"
        )
        if entry.department_reference:
            line += f"  ref {entry.department_reference}"
        if entry.last_error:
            line += f"  error: {entry.last_error}"
        print(line)
    return 0


def _cmd_requeue(args: argparse.Namespace) -> int:
    from core.applications.delivery.outbox import NotRequeueable, requeue

    try:
        entry = requeue(_engine(), args.id)
    except NotRequeueable as error:
        print(error, file=sys.stderr)
        return 2
    print(f"requeued #{entry.id} ({entry.department}, application {entry.application_id}); due now")
    return 0


def _cmd_relay(args: argparse.Namespace) -> int:
    import httpx

    from core.applications.commitment_overdue import OverdueCommitments
    from core.applications.commitment_reminders import CommitmentReminders
    from core.applications.delivery.contrib.sandbox_department.plugin import register_sandbox_departments
    from core.applications.delivery.registry import Registry
    from core.applications.delivery.relay import Relay, RelayPolicy
    from core.applications.notifications import StatusNotifier
    from core.applications.status import StatusPoller
    from core.guide.catalogue import load_catalogue_dir
    from core.guide.editorial.publisher import ScheduledPublisher
    from core.integrations.sms import HttpSmsGateway
    from core.services import block_workflow, bundle_workflow, editorial
    from core.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    catalogue = load_catalogue_dir(get_settings().catalogue_dir)
    codes = [department.code for department in catalogue.departments]
    registry = register_sandbox_departments(Registry(), codes, args.departments_url)
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with httpx.Client() as client:
        engine = _engine(migrate_first=not args.no_migrate)
        relay = Relay(engine, registry, client, policy=RelayPolicy(lease=timedelta(seconds=args.lease)))
        sms = HttpSmsGateway(client, get_settings().sms_url)
        # 告知承诺 deadlines: texts 7 days and 1 day before, each once (claimed in the database).
        reminders = CommitmentReminders(engine, sms, catalogue)
        # After a deadline: one notice to the department (through the outbox) and one text.
        overdue = OverdueCommitments(engine, sms, catalogue)
        if args.once:
            notices = overdue.notify_due()
            print(f"claimed {relay.run_once()} entries; sent {reminders.send_due()} commitment reminders")
            print(f"queued {notices} overdue commitment notices")
            return 0
        print(f"relay delivering to {args.departments_url} for {len(registry)} departments; Ctrl-C stops it")
        poller = StatusPoller(engine, client, args.departments_url, notify=StatusNotifier(engine, sms))
        threading.Thread(target=poller.run_forever, args=(stop,), daemon=True, name="status-poller").start()
        publisher = ScheduledPublisher(editorial(), bundle_workflow(), block_workflow())
        threading.Thread(
            target=publisher.run_forever, args=(stop,), daemon=True, name="guide-publisher"
        ).start()
        threading.Thread(target=reminders.run_forever, args=(stop,), daemon=True, name="reminders").start()
        threading.Thread(target=overdue.run_forever, args=(stop,), daemon=True, name="overdue").start()
        try:
            relay.run_forever(stop)
        except KeyboardInterrupt:  # an interrupted delivery is retried once its lease runs out
            print("stopping the relay")
    return 0


def add_outbox_commands(sub: argparse._SubParsersAction) -> None:
    """Add `outbox list`, `outbox requeue` and `relay` to the `yiwang` parser."""
    outbox = sub.add_parser("outbox", help="deliveries of applications to department systems")
    commands = outbox.add_subparsers(dest="outbox_command", required=True)

    listing = commands.add_parser("list", help="outbox entries, newest first")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(func=_cmd_list)

    again = commands.add_parser("requeue", help="send a dead or rejected entry again")
    again.add_argument("id", type=int)
    again.set_defaults(func=_cmd_requeue)

    relay = sub.add_parser("relay", help="deliver submitted applications to department systems until Ctrl-C")
    relay.add_argument(
        "--departments-url",
        default=os.environ.get("YIWANG_DEPARTMENTS_URL", DEFAULT_DEPARTMENTS_URL),
        help="base URL of the department system (default: YIWANG_DEPARTMENTS_URL or the sandbox's)",
    )
    relay.add_argument("--once", action="store_true", help="deliver one batch of due entries and exit")
    relay.add_argument(
        "--no-migrate", action="store_true", help="the schema is migrated once elsewhere (several relays)"
    )
    relay.add_argument(
        "--lease",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="how long a claim lasts: a relay killed mid-delivery leaves its entries to others after this",
    )
    relay.set_defaults(func=_cmd_relay)
