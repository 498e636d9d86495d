"""The app built and served for real (production build, one port, seeded SQLite), and a
real Chromium driven by Playwright. Nothing here is skipped: a missing browser fails."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from core.identity.terminals import TerminalAuth
from yiwang.cli_serve import SANDBOX

REPO = Path(__file__).resolve().parent.parent
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 600
KIOSK_IDLE_SECONDS = 30
# Two noisy cores run the app, its sandbox and the browser at once: give assertions time.
expect.set_options(timeout=15_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited with {server.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if (
                httpx.get(f"{base}/ping", timeout=2).status_code == 200
                and httpx.get(f"{base}/", timeout=5).status_code == 200
            ):
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the app did not come up in {START_TIMEOUT_S}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def sandbox_ports() -> dict[str, int]:
    return {name: _free_port() for name in SANDBOX}


@pytest.fixture(scope="session")
def sms_url(sandbox_ports: dict[str, int]) -> str:
    return f"http://127.0.0.1:{sandbox_ports['sms']}"


@pytest.fixture(scope="session")
def app_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("app")


@pytest.fixture(scope="session")
def print_spool(app_workdir: Path) -> Path:
    """Where the app under test prints (kiosk and bank receipts); created on the first print."""
    return app_workdir / "spool"


@pytest.fixture(scope="session")
def app_database_url(app_workdir: Path) -> str:
    return f"sqlite:///{app_workdir / 'yiwang.db'}"


@pytest.fixture(scope="session")
def app_url(app_workdir: Path, app_database_url: str, sandbox_ports: dict[str, int]) -> Iterator[str]:
    workdir = app_workdir
    port = _free_port()
    base = f"http://localhost:{port}"
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "YIWANG_DATABASE_URL": app_database_url,
        "YIWANG_UPLOAD_DIR": str(workdir / "uploads"),
        # Kiosks and bank terminals print into this folder (no CUPS queue): see the `print_spool` fixture.
        "YIWANG_PRINT_SPOOL": str(workdir / "spool"),
        "YIWANG_PRINTER": "",
        "YIWANG_PUBLIC_URL": base,
        "YIWANG_PORT": str(port),
        # The kiosk wipes itself after 30 s without a touch here (90 s in service): e2e/kiosk waits for it.
        "YIWANG_KIOSK_IDLE_SECONDS": str(KIOSK_IDLE_SECONDS),
        "REFLEX_USE_NPM": "1",
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}",
    }
    subprocess.run([sys.executable, "-m", "yiwang.cli", "seed"], cwd=REPO, env=env, check=True)
    log = workdir / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "yiwang.cli",
                "serve",
                "--port",
                str(port),
                *(arg for name, number in sandbox_ports.items() for arg in (f"--{name}-port", str(number))),
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(base, server, log)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return configured or None  # None: Playwright's own download, on machines that have one


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium_path(), args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@dataclass(frozen=True)
class PairedTerminal:
    """A kiosk or bank terminal registered in the running app, as its device agent sees it."""

    id: str
    key: str
    app_url: str

    def client(self) -> httpx.Client:
        """An httpx client that signs every request with the terminal's key."""
        return httpx.Client(base_url=self.app_url, auth=TerminalAuth(self.id, self.key), timeout=10)

    def pair_url(self) -> str:
        """A fresh single-use link that pairs a browser with this terminal."""
        with self.client() as client:
            response = client.post("/terminal/v1/pair")
        response.raise_for_status()
        return self.app_url + response.json()["url"]

    def post(self, event: dict) -> httpx.Response:
        with self.client() as client:
            return client.post("/terminal/v1/events", json=event)


@pytest.fixture
def register_terminal(app_url: str, app_database_url: str) -> Callable[[str, str], PairedTerminal]:
    """Register a terminal through `yiwang terminals add` against the running app's database."""

    def register(kind: str, site: str = "新华区政务服务大厅") -> PairedTerminal:
        terminal_id = f"{kind}-e2e-{secrets.token_hex(3)}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "yiwang.cli",
                "terminals",
                "add",
                "--kind",
                kind,
                "--site",
                site,
                "--id",
                terminal_id,
            ],
            cwd=REPO,
            env={**os.environ, "YIWANG_DATABASE_URL": app_database_url},
            check=True,
            capture_output=True,
            text=True,
        )
        key = next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("key"))
        return PairedTerminal(terminal_id, key, app_url)

    return register
