"""`make bench`: run every benchmark and write bench/RESULTS.md from this run."""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS = ("bench.bench_search", "bench.bench_frontend", "bench.bench_scanner")
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _run(module_name: str) -> str:
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        importlib.import_module(module_name).main()
    sys.stdout.write(captured.getvalue())
    return captured.getvalue()


def _machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )


def main() -> int:
    sections = [f"## {name}\n\n```\n{_run(name).rstrip()}\n```\n" for name in BENCHMARKS]
    RESULTS.write_text(
        "# Benchmark results\n\n"
        f"Written by `make bench` (`python -m bench`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.\n"
        f"Machine: {_machine()}. Ratios compare against baselines measured in the same run.\n\n"
        + "\n".join(sections),
        encoding="utf-8",
    )
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
