"""First-load JS of the guide page, against a blank Reflex page built the same way.

Both apps are built in production mode and served on loopback; Chromium loads each page
and the script bytes it fetched (as sent, compressed) are added up from the Resource
Timing entries. Prints the ratio guide / blank: what our pages cost beyond Reflex itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLANK_APP = """import reflex as rx


def index() -> rx.Component:
    return rx.el.div(rx.el.h1("blank"))


app = rx.App()
app.add_page(index, route="/")
"""
BLANK_CONFIG = """import reflex as rx

config = rx.Config(app_name="blank", telemetry_enabled=False, show_built_with_reflex=False,
                   disable_plugins=[rx.plugins.SitemapPlugin])
"""
SCRIPT_BYTES = """() => performance.getEntriesByType('resource')
  .filter(e => e.name.endsWith('.js') || e.initiatorType === 'script')
  .reduce((sum, e) => [sum[0] + e.encodedBodySize, sum[1] + e.decodedBodySize], [0, 0])"""


def _env(port: int, extra: dict[str, str]) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "REFLEX_USE_NPM": "1",
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "YIWANG_PORT": str(port),
        **extra,
    }


@contextmanager
def served(cwd: Path, port: int, extra: dict[str, str], log_dir: Path):
    command = [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port),
    ]
    log = open(log_dir / f"server-{port}.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        command, cwd=cwd, env=_env(port, extra), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        _wait(f"http://localhost:{port}/ping", server)
        yield f"http://localhost:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def _wait(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("server exited while starting")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(1)
    raise RuntimeError(f"{url} did not come up")


def script_bytes(url: str) -> tuple[int, int]:
    """(bytes as sent, bytes after decompression) of every script the page loaded."""
    with sync_playwright() as playwright:
        path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
        browser = playwright.chromium.launch(executable_path=path, args=ARGS)
        page = browser.new_page()
        page.goto(url, wait_until="networkidle")
        sent, decoded = page.evaluate(SCRIPT_BYTES)
        browser.close()
        return int(sent), int(decoded)


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank"
        (blank / "blank").mkdir(parents=True)
        (blank / "blank" / "__init__.py").write_text("")
        (blank / "blank" / "blank.py").write_text(BLANK_APP)
        (blank / "rxconfig.py").write_text(BLANK_CONFIG)
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        subprocess.run(
            [sys.executable, "-m", "yiwang.cli", "seed"],
            cwd=REPO,
            check=True,
            env=_env(0, {"YIWANG_DATABASE_URL": db}),
            stdout=subprocess.DEVNULL,
        )
        with served(blank, 3291, {}, Path(tmp)) as base:
            blank_bytes = script_bytes(f"{base}/")
        with served(REPO, 3292, {"YIWANG_DATABASE_URL": db}, Path(tmp)) as base:
            guide_bytes = script_bytes(f"{base}/item/070010001003")
    ratio = guide_bytes[0] / blank_bytes[0]
    print(
        f"first-load JS of the guide page: {guide_bytes[0] / 1024:.0f} KiB as sent "
        f"({guide_bytes[1] / 1024:.0f} KiB decoded)"
    )
    print(
        f"first-load JS of a blank Reflex page: {blank_bytes[0] / 1024:.0f} KiB as sent "
        f"({blank_bytes[1] / 1024:.0f} KiB decoded)"
    )
    print(f"ratio guide / blank (as sent): {ratio:.2f}; decoded: {guide_bytes[1] / blank_bytes[1]:.2f}")
    return {"guide_js_kib": guide_bytes[0] / 1024, "blank_js_kib": blank_bytes[0] / 1024, "ratio": ratio}


if __name__ == "__main__":
    main()
