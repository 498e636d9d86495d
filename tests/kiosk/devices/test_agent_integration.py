"""The device agent against real HTTP servers: the platform's own terminal routes served by
granian (as in production), and a stdlib server that comes up late (a platform outage)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from core.db import dispose_engine, migrate
from core.identity.terminal_events import TerminalEvent
from core.identity.terminals import TerminalAuthError
from core.services import reset_services, terminal_events, terminal_registry
from core.settings import REPO_ROOT, get_settings
from kiosk.devices.id_card_reader import place_card
from kiosk.devices.platform_client import Backoff, PlatformClient
from kiosk.devices.synthetic_frames import kiosk_frame, write_video

POSTER = "https://ywtb.pds.gov.cn/s/11410400MB1234567X"
HANDOFF = "YW1.H.demo-handoff-payload"
CARDS = REPO_ROOT / "data" / "devices" / "id_cards.yaml"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app's HTTP routes on granian with a migrated database this process shares."""
    url = f"sqlite:///{tmp_path_factory.mktemp('platform') / 'yiwang.db'}"
    migrate(url)
    saved = os.environ.get("YIWANG_DATABASE_URL")
    os.environ["YIWANG_DATABASE_URL"] = url
    get_settings.cache_clear()
    reset_services()
    port = _free_port()
    log = tmp_path_factory.mktemp("granian") / "server.log"
    command = [str(BIN / "granian"), "--interface", "asgi", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "1", "yiwang.http_app:create_http_app"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, log)
        yield base
    finally:
        server.terminate()
        server.wait(20)
        if saved is None:
            os.environ.pop("YIWANG_DATABASE_URL", None)
        else:
            os.environ["YIWANG_DATABASE_URL"] = saved
        get_settings.cache_clear()
        reset_services()
        dispose_engine(url)


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"granian exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            httpx.post(f"{base}/terminal/v1/pair", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError("granian did not start within 90 s")


def _take_until(terminal_id: str, wanted: int, seconds: float = 30) -> list[TerminalEvent]:
    events: list[TerminalEvent] = []
    deadline = time.monotonic() + seconds
    while len(events) < wanted and time.monotonic() < deadline:
        events += terminal_events().take(terminal_id)
        time.sleep(0.2)
    return events


def _video(tmp_path: Path) -> Path:
    frames = [kiosk_frame(POSTER, "tilted", seed=i) for i in range(10)]
    frames += [kiosk_frame(None, "plain", seed=30 + i) for i in range(5)]
    frames += [kiosk_frame(HANDOFF, "phone", seed=40 + i) for i in range(10)]
    return write_video(tmp_path / "camera.avi", frames, fps=10)


def _read_line_with(process: subprocess.Popen, marker: str, seconds: float = 60) -> str:
    assert process.stdout is not None
    lines: list[str] = []
    timer = threading.Timer(seconds, process.kill)
    timer.start()
    try:
        for line in process.stdout:
            lines.append(line)
            if marker in line:
                return line
    finally:
        timer.cancel()
    raise AssertionError(f"the agent never printed {marker!r}: {''.join(lines)}")


def test_agent_pairs_the_browser_and_sends_codes_and_a_card(platform: str, tmp_path: Path) -> None:
    kiosk = terminal_registry().register("kiosk", "新华区政务服务大厅", "kiosk-agent-01")
    trigger = tmp_path / "card"
    log = tmp_path / "agent.log"
    command = [str(BIN / "yiwang"), "kiosk-agent", "--base-url", platform, "--terminal", kiosk.terminal.id]
    command += ["--camera", str(_video(tmp_path)), "--cards", str(CARDS), "--card-trigger", str(trigger)]
    env = {**os.environ, "YIWANG_TERMINAL_KEY": kiosk.key}
    with log.open("w") as errors:
        agent = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        pair_url = _read_line_with(agent, "pair the terminal's browser").rsplit(" ", 1)[1].strip()
        opened = httpx.get(pair_url, follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == "/kiosk"
        assert "yiwang_terminal=" in opened.headers["set-cookie"]
        _read_line_with(agent, "kiosk agent running")
        qr_events = _take_until(kiosk.terminal.id, 2)
        place_card(trigger, "zhang-jianguo")
        card_events = _take_until(kiosk.terminal.id, 1)
    finally:
        agent.terminate()
        assert agent.wait(20) == 0  # SIGTERM stops it cleanly
        assert agent.stdout is not None
        stopped = agent.stdout.read()
        agent.stdout.close()
    assert "kiosk agent stopped" in stopped
    assert [(e.kind, e.payload) for e in qr_events] == [("qr", {"text": POSTER}), ("qr", {"text": HANDOFF})]
    assert [e.kind for e in card_events] == ["id_card"]
    assert card_events[0].payload["name"] == "张建国"
    assert card_events[0].payload["id_number"] == "410402196503120134"
    logged = log.read_text(encoding="utf-8")
    assert "ID card read: 410" in logged and "410402196503120134" not in logged
    assert POSTER not in logged and HANDOFF not in logged  # codes may carry tokens: never logged


def test_bank_terminal_pairs_to_the_bank_screen(platform: str) -> None:
    bank = terminal_registry().register("bank", "中国银行平顶山新华支行", "bank-xinhua-01")
    with PlatformClient(platform, bank.terminal.id, bank.key) as client:
        opened = httpx.get(client.pair(), follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == "/bank"
        assert client.send_qr("YW1.E.bank-customer-eid") > 0
    assert [e.payload for e in _take_until(bank.terminal.id, 1)] == [{"text": "YW1.E.bank-customer-eid"}]


def test_revoked_terminal_cannot_pair(platform: str, capsys: pytest.CaptureFixture[str]) -> None:
    from yiwang.cli import main

    gone = terminal_registry().register("kiosk", "卫东区政务服务大厅", "kiosk-revoked-01")
    terminal_registry().revoke(gone.terminal.id)
    code = main(["kiosk-agent", "--base-url", platform, "--terminal", gone.terminal.id, f"--key={gone.key}"])
    assert code == 3
    assert "cannot pair with the platform: 401 revoked" in capsys.readouterr().err


class _LatePlatform(BaseHTTPRequestHandler):
    """The events route of a platform that verifies signatures with the real registry."""

    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        try:
            terminal_registry().verify_request("POST", self.path, body, dict(self.headers.items()))
        except TerminalAuthError as error:
            self._answer(401, {"code": error.code})
            return
        self.received.append(json.loads(body))
        self._answer(202, {"id": len(self.received)})

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_reads_wait_out_a_platform_outage(seeded_env: str) -> None:
    kiosk = terminal_registry().register("kiosk", "湛河区政务服务大厅", "kiosk-outage-01")
    port = _free_port()
    client = PlatformClient(f"http://127.0.0.1:{port}", kiosk.terminal.id, kiosk.key, backoff=Backoff(0.2))
    server = ThreadingHTTPServer(("127.0.0.1", port), _LatePlatform)
    starter = threading.Timer(1.0, server.serve_forever)
    starter.start()  # the platform comes back one second after the read
    started = time.monotonic()
    try:
        with client:
            assert client.send_qr(POSTER) == 1
    finally:
        server.shutdown()
        server.server_close()
    assert time.monotonic() - started >= 1.0
    assert _LatePlatform.received == [{"kind": "qr", "text": POSTER}]
