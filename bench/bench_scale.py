"""Load on the scale-out layout, loopback only, bounded in count and time.

Stack: a throwaway PostgreSQL and Redis, the sandbox department systems (in this process),
two relays, and the Reflex backend (granian, 2 workers, state in Redis) serving the HTTP routes.
Load: concurrent citizens going search -> guide -> draft -> submit THROUGH CORE (threads in this
process calling core.services, the same calls the web handlers make; the Reflex websocket is
not driven), and kiosks posting signed QR scans to /terminal/v1/events over HTTP to the backend
workers. Baseline: the same journey by one citizen alone, in the same run.

    python -m bench.bench_scale            (also in `make bench`)
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
CITIZENS, JOURNEYS_EACH = 16, 5
KIOSKS, SCANS_EACH = 8, 60
BACKEND_WORKERS = 2
STEPS = ("search+guide", "draft", "submit")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _journey(person) -> dict[str, float]:
    """One citizen's search -> guide -> draft -> submit through core; seconds per step."""
    from core import services
    from core.testing.journeys import RENT_SCENARIO, answers_of, register, search_and_read_guide

    register(person)
    took: dict[str, float] = {}
    start = time.perf_counter()
    code = search_and_read_guide()
    took["search+guide"] = time.perf_counter() - start
    start = time.perf_counter()
    draft = services.drafts().start(person.id, code, RENT_SCENARIO)
    services.drafts().save_step(person.id, draft.id, answers_of(person), step=1)
    took["draft"] = time.perf_counter() - start
    start = time.perf_counter()
    services.submissions().submit(person.id, draft.id, f"bench-{draft.id}")
    took["submit"] = time.perf_counter() - start
    return took


def _citizens(run: str, first: int, count: int, journeys: int) -> tuple[dict[str, list[float]], int, int]:
    from core.testing.journeys import citizen

    times: dict[str, list[float]] = {step: [] for step in STEPS}
    errors = 0

    def one(number: int) -> dict[str, float] | None:
        try:
            return _journey(citizen(number, run))
        except Exception:  # counted as an error of the load, never hidden
            return None

    numbers = [first + n for n in range(count * journeys)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        for took in pool.map(one, numbers):
            if took is None:
                errors += 1
                continue
            for step, seconds in took.items():
                times[step].append(seconds)
    return times, errors, len(numbers)


async def _kiosks(base: str, terminals: list[tuple[str, str]]) -> tuple[list[float], int, int]:
    from core.identity.terminals import TerminalAuth

    latencies: list[float] = []
    errors = 0

    async def kiosk(terminal_id: str, key: str) -> None:
        nonlocal errors
        async with httpx.AsyncClient(
            base_url=base, auth=TerminalAuth(terminal_id, key), timeout=10
        ) as client:
            for n in range(SCANS_EACH):
                start = time.perf_counter()
                try:
                    answer = await client.post(
                        "/terminal/v1/events", json={"kind": "qr", "text": f"scan-{n}"}
                    )
                    ok = answer.status_code < 300
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - start)
                errors += not ok

    await asyncio.gather(*(kiosk(t, k) for t, k in terminals))
    return latencies, errors, len(terminals) * SCANS_EACH


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


def _outbox_lag(engine, deadline_seconds: float) -> tuple[list[float], float]:
    from sqlmodel import Session, select

    from core.applications.delivery.outbox import OutboxEntry, count_by_status

    start = time.monotonic()
    while time.monotonic() - start < deadline_seconds:
        counts = count_by_status(engine)
        if counts["pending"] == counts["delivering"] == 0:
            break
        time.sleep(0.5)
    drained = time.monotonic() - start
    with Session(engine) as session:
        rows = session.exec(select(OutboxEntry).where(OutboxEntry.delivered_at.is_not(None))).all()
    return [(r.delivered_at - r.created_at).total_seconds() for r in rows], drained


def _line(label: str, values: list[float], unit: float = 1000.0) -> str:
    return f"  {label:14} p50 {_pct(values, 0.5) * unit:8.1f} ms   p95 {_pct(values, 0.95) * unit:8.1f} ms"


def main() -> None:
    from core.db import dispose_engine, get_engine
    from core.sandbox import start_sandbox
    from core.services import reset_services, terminal_registry
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
        "GRANIAN_WORKERS": str(BACKEND_WORKERS),
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
        for n in range(2):
            with open(logs / f"relay-{n}.log", "wb") as log:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "yiwang.cli", "relay", "--no-migrate"],
                        env=env,
                        cwd=REPO,
                        stdout=log,
                        stderr=log,
                    )
                )
        with open(logs / "backend.log", "wb") as log:
            backend = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "yiwang.backend",
                    "run",
                    "--env",
                    "prod",
                    "--backend-only",
                    "--backend-host",
                    "127.0.0.1",
                    "--backend-port",
                    str(port),
                ],
                env=env,
                cwd=REPO,
                stdout=log,
                stderr=log,
            )
        processes.append(backend)
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/ping", 180)
        engine = get_engine(env["YIWANG_DATABASE_URL"])
        run = os.urandom(3).hex()

        baseline, base_errors, _ = _citizens(run, 0, 1, JOURNEYS_EACH)  # one citizen alone
        terminals = [terminal_registry().register("kiosk", "基准测试大厅") for _ in range(KIOSKS)]
        pairs = [(t.terminal.id, t.key) for t in terminals]
        backend_pids = _descendants(backend.pid)
        rss_before = _rss_kib(backend_pids)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=1) as side:
            citizens = side.submit(_citizens, run, 1000, CITIZENS, JOURNEYS_EACH)
            kiosk_latency, kiosk_errors, kiosk_total = asyncio.run(_kiosks(base, pairs))
            times, errors, total = citizens.result(timeout=600)
        wall = time.perf_counter() - started
        rss_after = _rss_kib(_descendants(backend.pid))
        lags, drained = _outbox_lag(engine, 120)

        print(
            f"stack: PostgreSQL 15 + Redis (throwaway, loopback), {BACKEND_WORKERS} Reflex backend workers "
            "(granian), 2 relays, sandbox departments"
        )
        print(
            f"citizens through core (not the websocket): {CITIZENS} concurrent x {JOURNEYS_EACH} journeys; "
            f"kiosks over HTTP: {KIOSKS} x {SCANS_EACH} signed scans; wall {wall:.1f} s"
        )
        for step in STEPS:
            ratio = _pct(times[step], 0.5) / _pct(baseline[step], 0.5)
            print(_line(step, times[step]) + f"   x{ratio:.2f} of one citizen alone (p50)")
        print(_line("kiosk scan", kiosk_latency))
        print(
            f"  errors: citizens {errors}/{total} ({errors / total:.1%}), "
            f"kiosk scans {kiosk_errors}/{kiosk_total} ({kiosk_errors / kiosk_total:.1%}), "
            f"baseline {base_errors}"
        )
        print(
            f"  throughput: {len(times['submit']) / wall:.1f} submissions/s, {kiosk_total / wall:.1f} scans/s"
        )
        print(
            f"  backend RSS {rss_before / 1024:.0f} -> {rss_after / 1024:.0f} MiB over {len(backend_pids)} "
            f"processes; per kiosk session {(rss_after - rss_before) / KIOSKS:.0f} KiB "
            "(websocket sessions not measured)"
        )
        print(
            f"  outbox lag (created -> delivered): p50 {_pct(lags, 0.5):.2f} s, "
            f"p95 {_pct(lags, 0.95):.2f} s; "
            f"drained {drained:.1f} s after the load"
        )
        print(json.dumps({"submitted": len(times["submit"]), "delivered": len(lags)}))
        dispose_engine(env["YIWANG_DATABASE_URL"])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        sandbox.stop()
        redis.stop()
        postgres.remove()
        reset_services()


if __name__ == "__main__":
    main()
