"""What the load bench measures besides latency: percentiles, the resident memory of a process
tree, Redis's used memory, and the outbox lag (created -> delivered) once the relays drained."""

from __future__ import annotations

import time
from pathlib import Path


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def descendants(root: int) -> list[int]:
    """`root` and every process under it, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def tree_rss_kib(root: int) -> tuple[int, int]:
    """Resident memory (KiB) summed over `root` and its descendants, and how many processes."""
    pids = descendants(root)
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total, len(pids)


def redis_used_kib(redis_url: str) -> int:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return int(client.info("memory")["used_memory"]) // 1024
    finally:
        client.close()


def redis_session_bytes(redis_url: str, tokens: list[str]) -> int:
    """Bytes Redis holds for these tabs: every state key of each token and its socket record
    (`MEMORY USAGE`, so key, value and overhead), a steadier figure than used_memory's delta."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        total = 0
        for token in tokens:
            keys = [*client.scan_iter(match=f"{token}_*"), f"token_manager_socket_record_{token}"]
            total += sum(client.memory_usage(key) or 0 for key in keys)
        return total
    finally:
        client.close()


def outbox_lag(database_url: str, deadline_seconds: float) -> tuple[list[float], float]:
    """Wait until nothing is pending or delivering; seconds from created to delivered per entry,
    and how long the wait took."""
    from sqlmodel import Session, select

    from core.applications.delivery.outbox import OutboxEntry, count_by_status
    from core.db import get_engine

    engine = get_engine(database_url)
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
