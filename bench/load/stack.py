"""The scale-out layout on loopback for the load bench: a throwaway PostgreSQL and Redis, the
sandbox department systems and SMS sink (in this process), two relays, and the Reflex backend
(granian, several workers, Reflex state in Redis) serving the websocket and the HTTP routes."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
RELAYS = 2


@dataclass(frozen=True)
class LoadStack:
    base_url: str
    sms_url: str
    database_url: str
    redis_url: str
    backend_pid: int
    logs: Path

    def slow_locks(self) -> int:
        """How often the backend warned that a state lock was held too long (a handler that
        blocked its worker's event loop, or waited for one that did)."""
        log = self.logs / "backend.log"
        return log.read_text(errors="replace").count("was held too long") if log.exists() else 0


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


def _backend_command(port: int) -> list[str]:
    return [
        sys.executable,
        *("-m", "yiwang.backend", "run", "--env", "prod", "--backend-only"),
        *("--backend-host", "127.0.0.1", "--backend-port", str(port)),
    ]


def _spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=out)


def _stop(processes: list[subprocess.Popen], grace_s: float = 20.0) -> None:
    """SIGTERM to all, then SIGKILL to whoever is still there once the shared grace is over."""
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + grace_s
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def load_stack(backend_workers: int) -> Iterator[LoadStack]:
    """Start everything, seed the catalogue, wait for the backend; stop it all afterwards."""
    from core.sandbox import start_sandbox
    from core.services import reset_services
    from core.settings import get_settings
    from core.testing.local_services import LocalPostgres, LocalRedis, free_port, temporary_directory

    postgres = LocalPostgres(temporary_directory("yiwang-bench-pg-")).init()
    postgres.start()
    redis = LocalRedis()
    redis.start()
    sandbox = start_sandbox()
    port = free_port()
    env = {
        **os.environ,
        "YIWANG_DATABASE_URL": postgres.create_database("yiwang"),
        "REDIS_URL": redis.url,
        "YIWANG_DEPARTMENTS_URL": sandbox.urls["departments"],
        "YIWANG_SMS_URL": sandbox.urls["sms"],
        "YIWANG_POPULATION_URL": sandbox.urls["population"],
        "YIWANG_BACKEND_ONLY": "1",
        "GRANIAN_WORKERS": str(backend_workers),
        "REFLEX_USE_NPM": "1",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    os.environ.update({k: v for k, v in env.items() if k.startswith(("YIWANG_DATABASE", "REDIS_"))})
    get_settings.cache_clear()
    reset_services()
    logs = Path(tempfile.mkdtemp(prefix="yiwang-bench-logs-"))
    processes: list[subprocess.Popen] = []
    try:
        subprocess.run(
            [sys.executable, "-m", "yiwang.cli", "seed"], env=env, cwd=REPO, check=True, capture_output=True
        )
        relay = [sys.executable, "-m", "yiwang.cli", "relay", "--no-migrate"]
        processes += [_spawn(relay, env, logs / f"relay-{n}.log") for n in range(RELAYS)]
        backend = _spawn(_backend_command(port), env, logs / "backend.log")
        processes.append(backend)
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/ping", 180)
        yield LoadStack(base, sandbox.urls["sms"], env["YIWANG_DATABASE_URL"], redis.url, backend.pid, logs)
    finally:
        _stop(processes)
        sandbox.stop()
        redis.stop()
        postgres.remove()
        reset_services()
