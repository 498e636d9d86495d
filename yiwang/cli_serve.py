"""`yiwang serve`: the embedded default. Every channel on one port, the outbox relay as a
background worker, and the sandbox department systems on loopback unless real ones are set."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

# service -> (default port, the setting that points the app at it, what the URL shows)
SANDBOX = {
    "sms": (8731, "YIWANG_SMS_URL", "/messages  (or: yiwang sandbox sms)"),
    "population": (8732, "YIWANG_POPULATION_URL", "/verify"),
    "oidc": (8733, "YIWANG_OIDC_ISSUER", "/.well-known/openid-configuration"),
    "elicence": (8734, "YIWANG_ELICENCE_URL", "/licences/query"),
    "departments": (8735, "YIWANG_DEPARTMENTS_URL", "/applications"),
    "facts": (8736, "YIWANG_FACTS_URL", "/facts  (housing fund, property, social insurance)"),
}


def _python(*args: str) -> list[str]:
    return [sys.executable, "-m", "yiwang.cli", *args]


def _sandbox_command(args: argparse.Namespace) -> list[str]:
    ports = [arg for name in SANDBOX for arg in (f"--{name}-port", str(getattr(args, f"{name}_port")))]
    return _python("sandbox", "serve", *ports)


def _print_urls(base: str, args: argparse.Namespace, env: str = "dev") -> None:
    print(f"yiwang is starting on {base} (the first build takes a minute):")
    for label, path in (
        ("PC web", "/"),
        ("log in", "/login"),
        ("my applications", "/applications"),
        ("editor back office", "/editor"),
        ("kiosk (paired)", "/kiosk"),
        ("scan-to-apply", "/s/<item or bundle code>"),
        ("health", "/_health"),
    ):
        print(f"  {label:18} {base}{path}")
    if env == "dev":  # yiwang.demo_pairing_routes: mounted in development only
        print("  one click pairs this browser with a demo terminal (development only):")
        for label, kind in (("demo kiosk", "kiosk"), ("demo bank desk", "bank")):
            print(f"  {label:18} {base}/dev/pair/{kind}")
    if not args.no_sandbox:
        for name, (_port, _setting, path) in SANDBOX.items():
            print(f"  sandbox {name:10} http://127.0.0.1:{getattr(args, f'{name}_port')}{path}")


def serve(args: argparse.Namespace) -> int:
    from core.settings import REPO_ROOT
    from yiwang.cli_api import workers_refusal

    # Without Redis, Reflex runs one backend worker, which keeps rate limits in memory; only an
    # explicit GRANIAN_WORKERS could start more, and those would count apart.
    if refusal := workers_refusal(int(os.environ.get("GRANIAN_WORKERS") or 1), os.environ):
        print(refusal)
        return 2
    env = {**os.environ, "YIWANG_PORT": str(args.port), "REFLEX_USE_NPM": "1"}
    env.setdefault("YIWANG_PUBLIC_URL", f"http://localhost:{args.port}")
    commands = [_python("relay")]
    if not args.no_sandbox:
        for name, (_port, setting, _path) in SANDBOX.items():
            env[setting] = f"http://127.0.0.1:{getattr(args, f'{name}_port')}"
        commands.insert(0, _sandbox_command(args))
    children = [subprocess.Popen(command, env=env, cwd=REPO_ROOT) for command in commands]
    _print_urls(env["YIWANG_PUBLIC_URL"].rstrip("/"), args, env.get("YIWANG_ENV", "dev"))
    reflex = [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(args.port),
        "--backend-port",
        str(args.port),
    ]
    try:
        return subprocess.call(reflex, env=env, cwd=REPO_ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=10)


def add_serve_command(sub: argparse._SubParsersAction, ready) -> None:
    parser = sub.add_parser("serve", help="build the frontend and serve every channel on one port")
    parser.add_argument("--port", type=int, default=3000)
    for name, (port, _setting, _path) in SANDBOX.items():
        parser.add_argument(f"--{name}-port", type=int, default=port)
    parser.add_argument("--no-sandbox", action="store_true", help="use the configured department systems")

    def run(args: argparse.Namespace) -> int:
        ready()
        return serve(args)

    parser.set_defaults(func=run)
