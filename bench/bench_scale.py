"""Load on the scale-out layout, loopback only, bounded in count and time (bench/load/).

Stack: a throwaway PostgreSQL and Redis, the sandbox department systems and SMS sink, two relays,
the Reflex backend (granian, 2 workers, state in Redis). Users, each from its own loopback address:
web citizens over the real Reflex websocket (SMS login, search -> guide -> apply -> answers ->
declaration -> submit -> receipt page), phones over the mobile API (the same journey), kiosks
posting signed scans. Baselines: one web citizen alone and one phone alone, in the same run.
Memory per websocket session: backend RSS (every worker) plus Redis used_memory, before and after
holding idle tabs open, divided by their number.

    python -m bench.bench_scale            (also in `make bench`)
"""

from __future__ import annotations

import asyncio
import json
import os
import time

from bench.load.crowd import Outcome, idle_tabs, kiosk, phone_user, web_citizen
from bench.load.measure import outbox_lag, pct, redis_session_bytes, redis_used_kib, tree_rss_kib
from bench.load.stack import load_stack
from core.testing.journeys import RENT_ITEM

BACKEND_WORKERS = 2
WEB_CITIZENS, PHONES, JOURNEYS_EACH = 16, 8, 5
KIOSKS, SCANS_EACH = 8, 60
IDLE_TABS = 50
BASELINE_JOURNEYS = 5


def _line(label: str, values: list[float], alone: list[float] | None) -> str:
    ratio = f"   x{pct(values, 0.5) / pct(alone, 0.5):5.2f} of alone (p50)" if alone else ""
    return (
        f"  {label:30} n {len(values):4}  p50 {pct(values, 0.5) * 1000:7.1f} ms  "
        f"p95 {pct(values, 0.95) * 1000:7.1f} ms{ratio}"
    )


def _section(title: str, loaded: Outcome, alone: Outcome | None) -> list[str]:
    lines = [f"{title}: {loaded.failed}/{loaded.total} failed ({loaded.failed / max(1, loaded.total):.1%})"]
    baseline = alone.timings if alone else {}
    lines += [_line(label, values, baseline.get(label)) for label, values in loaded.timings.items()]
    lines += [f"  error x{n}: {reason}" for reason, n in loaded.reasons.most_common(3)]
    return lines


async def _alone(stack, run: str) -> tuple[Outcome, Outcome]:
    web, phone = Outcome(), Outcome()
    await web_citizen(stack, run, 0, BASELINE_JOURNEYS, web)
    await phone_user(stack, run, 500, BASELINE_JOURNEYS, phone)
    return web, phone


async def _crowd(
    stack, run: str, terminals: list[tuple[str, str]]
) -> tuple[Outcome, Outcome, Outcome, float]:
    web, phones, kiosks = Outcome(), Outcome(), Outcome()
    start = time.perf_counter()
    await asyncio.gather(
        *(web_citizen(stack, run, 1 + n, JOURNEYS_EACH, web) for n in range(WEB_CITIZENS)),
        *(phone_user(stack, run, 501 + n, JOURNEYS_EACH, phones) for n in range(PHONES)),
        *(kiosk(stack.base_url, t, k, SCANS_EACH, kiosks) for t, k in terminals),
    )
    return web, phones, kiosks, time.perf_counter() - start


async def _memory_per_session(stack) -> str:
    rss_before, processes = tree_rss_kib(stack.backend_pid)
    redis_before = redis_used_kib(stack.redis_url)
    tabs = await idle_tabs(stack.base_url, IDLE_TABS, f"/item/{RENT_ITEM}")
    await asyncio.sleep(2)  # let the workers settle: RSS is read from /proc, not from an allocator
    rss_after, _ = tree_rss_kib(stack.backend_pid)
    redis_after = redis_used_kib(stack.redis_url)
    keys = redis_session_bytes(stack.redis_url, [tab.token for tab in tabs])
    for tab in tabs:
        await tab.close()
    return (
        f"memory per websocket session ({IDLE_TABS} tabs held open on /item/<code>): backend RSS "
        f"{(rss_after - rss_before) / IDLE_TABS:.0f} KiB, Redis used_memory "
        f"{(redis_after - redis_before) / IDLE_TABS:+.0f} KiB (its session keys: "
        f"{keys / IDLE_TABS / 1024:.1f} KiB); backend {rss_after / 1024:.0f} MiB over {processes} processes"
    )


def main() -> None:
    from core.services import terminal_registry

    with load_stack(BACKEND_WORKERS) as stack:
        run = os.urandom(3).hex()
        web_alone, phone_alone = asyncio.run(_alone(stack, run))
        registered = [terminal_registry().register("kiosk", "基准测试大厅") for _ in range(KIOSKS)]
        terminals = [(t.terminal.id, t.key) for t in registered]
        web, phones, kiosks, wall = asyncio.run(_crowd(stack, run, terminals))
        memory = asyncio.run(_memory_per_session(stack))
        lags, drained = outbox_lag(stack.database_url, 120)
        slow_locks = stack.slow_locks()

    print(
        f"stack: PostgreSQL + Redis (throwaway, loopback), {BACKEND_WORKERS} Reflex backend workers "
        "(granian), 2 relays, sandbox departments and SMS sink"
    )
    print(
        f"load: {WEB_CITIZENS} web citizens over the Reflex websocket + {PHONES} phones on the mobile API, "
        f"{JOURNEYS_EACH} applications each after an SMS login; {KIOSKS} kiosks x {SCANS_EACH} signed scans; "
        f"wall {wall:.1f} s; baselines: one web citizen, then one phone, alone ({BASELINE_JOURNEYS} each); "
        "the load generator shares the machine's cores with the stack"
    )
    for line in (
        _section("web citizens (round trip: emit -> the delta the page shows)", web, web_alone)
        + _section("phones (HTTP latency)", phones, phone_alone)
        + _section("kiosks (HTTP latency)", kiosks, None)
    ):
        print(line)
    print(
        f"  throughput: {(web.done + phones.done) / wall:.2f} applications/s, "
        f"{kiosks.done / wall:.1f} scans/s"
    )
    print(f"  {memory}")
    print(f"  Reflex state locks held too long (backend warnings, > 1 s): {slow_locks}")
    print(
        f"  outbox lag (created -> delivered): p50 {pct(lags, 0.5):.2f} s, p95 {pct(lags, 0.95):.2f} s; "
        f"drained {drained:.1f} s after the load"
    )
    submitted = web.done + phones.done + web_alone.done + phone_alone.done
    print(json.dumps({"submitted": submitted, "delivered": len(lags)}))


if __name__ == "__main__":
    main()
