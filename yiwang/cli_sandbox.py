"""`yiwang sandbox serve` runs the sandbox department systems; `yiwang sandbox sms` shows the
texts the SMS sink has recorded (login codes in development), newest first."""

from __future__ import annotations

import argparse
import logging
import sys
import threading

DEFAULT_SMS_PORT = 8731
DEFAULT_POPULATION_PORT = 8732
DEFAULT_ELICENCE_PORT = 8734
DEFAULT_DEPARTMENTS_PORT = 8735
DEFAULT_OIDC_PORT = 8733
DEFAULT_FACTS_PORT = 8736


def _cmd_serve(args: argparse.Namespace) -> int:
    from core.sandbox import start_sandbox

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")  # method, path, status only
    try:
        ports = {"sms": args.sms_port, "population": args.population_port}
        ports["departments"] = args.departments_port
        ports["oidc"] = args.oidc_port
        ports["elicence"] = args.elicence_port
        ports["facts"] = args.facts_port
        handle = start_sandbox(args.host, ports)
    except OSError as error:
        print(f"cannot start the sandbox: {error} (is it already running?)", file=sys.stderr)
        return 2
    try:
        print(
            f"sandbox is running (population register: {len(handle.population)} residents, "
            f"e-licence library: {len(handle.elicence or ())} licences):"
        )
        for name, url in handle.urls.items():
            print(f"  {name:12} {url}")
        print("press Ctrl-C to stop", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print("stopping the sandbox")
    finally:
        handle.stop()
    return 0


def _cmd_sms(args: argparse.Namespace) -> int:
    import httpx

    from core.sandbox.sms_sink import read_messages
    from core.settings import get_settings

    url = args.url or get_settings().sms_url
    try:
        with httpx.Client() as client:
            messages = read_messages(client, url, args.phone)
    except httpx.HTTPError as error:
        print(f"cannot read the SMS sink at {url}: {error}", file=sys.stderr)
        print("is `yiwang sandbox serve` running?", file=sys.stderr)
        return 2
    if not messages:
        print("no messages")
    for message in messages:
        print(f"#{message.id} {message.at} {message.phone}  {message.text}")
    return 0


def add_sandbox_commands(sub: argparse._SubParsersAction) -> None:
    """Add `sandbox serve` and `sandbox sms` to the `yiwang` parser."""
    sandbox = sub.add_parser("sandbox", help="local stand-ins for department systems and SMS")
    commands = sandbox.add_subparsers(dest="sandbox_command", required=True)

    serve = commands.add_parser(
        "serve", help="run the SMS sink, population register and department system until Ctrl-C"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--sms-port", type=int, default=DEFAULT_SMS_PORT)
    serve.add_argument("--population-port", type=int, default=DEFAULT_POPULATION_PORT)
    serve.add_argument("--elicence-port", type=int, default=DEFAULT_ELICENCE_PORT)
    serve.add_argument("--departments-port", type=int, default=DEFAULT_DEPARTMENTS_PORT)
    serve.add_argument("--oidc-port", type=int, default=DEFAULT_OIDC_PORT, help="sandbox identity service")
    serve.add_argument(
        "--facts-port", type=int, default=DEFAULT_FACTS_PORT, help="housing fund and social insurance records"
    )
    serve.set_defaults(func=_cmd_serve)

    sms = commands.add_parser("sms", help="texts the SMS sink has recorded, newest first")
    sms.add_argument("--phone", help="only texts sent to this number")
    sms.add_argument("--url", help="base URL of the running SMS sink (default: YIWANG_SMS_URL)")
    sms.set_defaults(func=_cmd_sms)
