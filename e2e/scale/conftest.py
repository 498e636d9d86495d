"""The scale-out layout on one machine, for the fault suite: a throwaway PostgreSQL and Redis
(this suite restarts them, so never the machine's shared ones), the sandbox department systems
in this process (their records are what we check), relays and submission workers as processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.load.measure import descendants
from core.sandbox import SandboxHandle, start_sandbox
from core.testing.local_services import LocalPostgres, LocalRedis, available, temporary_directory

REPO = Path(__file__).resolve().parents[2]


def _is_python(pid: int) -> bool:
    try:
        return b"python" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@dataclass
class Stack:
    postgres: LocalPostgres
    redis: LocalRedis
    sandbox: SandboxHandle
    database_url: str
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    _log_files: list = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "YIWANG_DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "YIWANG_SMS_URL": self.sandbox.urls["sms"],
            "YIWANG_POPULATION_URL": self.sandbox.urls["population"],
            "YIWANG_DEPARTMENTS_URL": self.sandbox.urls["departments"],
            **self.extra_env,
        }

    def spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed by stop_all
        self._log_files.append(log)
        process = subprocess.Popen([sys.executable, *args], env=self.env, cwd=REPO, stdout=log, stderr=log)
        self.processes[name] = process
        return process

    def relay(self, name: str) -> subprocess.Popen:
        return self.spawn(name, "-m", "yiwang.cli", "relay", "--no-migrate", "--lease", "10")

    def backend(self, port: int) -> subprocess.Popen:
        """The Reflex backend: one granian supervisor with two worker processes (state in Redis)."""
        self.extra_env.update(
            YIWANG_BACKEND_ONLY="1",
            GRANIAN_WORKERS="2",
            REFLEX_USE_NPM="1",
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        )
        run = ["-m", "yiwang.backend", "run", "--env", "prod", "--backend-only"]
        return self.spawn("backend", *run, "--backend-host", "127.0.0.1", "--backend-port", str(port))

    def web_workers(self) -> list[int]:
        """The granian worker processes under the backend (not the supervisor)."""
        supervisor = self.processes["backend"].pid
        return [pid for pid in descendants(supervisor) if pid != supervisor and _is_python(pid)]

    def submitter(self, name: str, run: str, first: int, count: int) -> subprocess.Popen:
        return self.spawn(name, str(REPO / "e2e/scale/submitter.py"), run, str(first), str(count))

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self._log_files:
            log.close()


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    reason = available()
    if reason:
        pytest.fail(f"the fault suite needs its own PostgreSQL and Redis: {reason}")
    postgres = LocalPostgres(temporary_directory("yiwang-scale-pg-")).init()
    postgres.start()
    redis = LocalRedis()
    redis.start()
    sandbox = start_sandbox()
    sandbox.departments.status_step_seconds = 2.0  # statuses move while we watch
    stack = Stack(postgres, redis, sandbox, postgres.create_database("yiwang"), tmp_path)
    for name, value in stack.env.items():
        if name.startswith(("YIWANG_", "REDIS_")):
            monkeypatch.setenv(name, value)
    # Migrations run once, before any worker starts; the demo catalogue is seeded with them.
    subprocess.run(
        [sys.executable, "-m", "yiwang.cli", "seed"], env=stack.env, cwd=REPO, check=True, capture_output=True
    )
    try:
        yield stack
    finally:
        stack.stop_all()
        sandbox.stop()
        redis.stop()
        postgres.remove()
