"""`yiwang api` serves the mobile API alone, at the same versioned path, over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from core.settings import REPO_ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_yiwang_api_serves_the_catalogue_and_the_spec(seeded_env: str, tmp_path) -> None:
    port = _free_port()
    env = {**os.environ, "YIWANG_DATABASE_URL": seeded_env, "YIWANG_UPLOAD_DIR": str(tmp_path / "uploads")}
    log = tmp_path / "api.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "yiwang.cli", "api", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/api/mobile/v1"
    try:
        for _ in range(120):
            try:
                answer = httpx.get(f"{base}/catalogue", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, log.read_text()
                time.sleep(0.25)
        assert answer.status_code == 200 and answer.json()["most_used"]
        assert httpx.get(f"{base}/openapi.json", timeout=5).json()["servers"][0]["url"] == "/api/mobile/v1"
    finally:
        server.terminate()
        server.wait(timeout=10)
