"""Throwaway PostgreSQL and Redis servers for the fault and load suites: each in a temporary
directory on a free loopback port, so a suite can stop and restart them without touching the
machine's shared services. PostgreSQL runs as the `postgres` user when we are root (initdb
refuses root)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path(os.environ.get("YIWANG_PG_BIN", "/usr/lib/postgresql/15/bin"))
# Speed over durability against a machine crash only: each commit's WAL is still written to the
# OS before the commit returns, so a crash of PostgreSQL itself (what the suite does) loses no
# acknowledged commit. synchronous_commit=off would (the suite caught it losing drafts).
PG_OPTIONS = "-c fsync=off -c full_page_writes=off -c max_connections=200"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def available() -> str | None:
    """Why the throwaway servers cannot run here, or None when they can."""
    if not (PG_BIN / "pg_ctl").exists():
        return f"PostgreSQL binaries not found in {PG_BIN} (set YIWANG_PG_BIN)"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    return None


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@dataclass
class LocalPostgres:
    directory: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str) -> None:
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"), *args]
        subprocess.run(_as_postgres(command), check=True, capture_output=True, timeout=60)

    def init(self) -> LocalPostgres:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        subprocess.run(_as_postgres([*initdb, "--no-sync"]), check=True, capture_output=True, timeout=120)
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 {PG_OPTIONS}"
        self._ctl("-o", options, "-w", "start")
        _wait_for_port(self.port, 30)

    def crash_and_restart(self) -> None:
        """Stop at once, as a crash would (no checkpoint), then start and recover."""
        self._ctl("-m", "immediate", "-w", "stop")
        self.start()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("-m", "fast", "-w", "stop")

    def remove(self) -> None:
        """Stop and delete the cluster's directory."""
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def create_database(self, name: str) -> str:
        psql = [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        create = [*psql, "-c", f'CREATE DATABASE "{name}"']
        subprocess.run(create, check=True, capture_output=True, timeout=30)
        return self.url(name)


@dataclass
class LocalRedis:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        command += ["--appendonly", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _wait_for_port(self.port, 15)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        """Kill and start again: what Redis held is gone, as after a real restart without persistence."""
        self.stop()
        self.start()


def temporary_directory(prefix: str) -> Path:
    """Under the system temp dir (world-traversable, so the postgres user can reach it)."""
    return Path(tempfile.mkdtemp(prefix=prefix))
