"""`make bench`: run every benchmark and write bench/RESULTS.md from this run."""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import platform
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS = ("bench.bench_search", "bench.bench_frontend", "bench.bench_scanner", "bench.bench_mobile_api")
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


def _section(name: str) -> str:
    return f"## {name}\n\n```\n{_run(name).rstrip()}\n```\n"


def _rerun(names: list[str]) -> int:
    """`python -m bench bench.bench_mobile_api`: re-run some benchmarks, replace their sections."""
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmarks: {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    text = RESULTS.read_text(encoding="utf-8")
    for name in names:
        stamp = f"(re-run alone on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)"
        fresh = _section(name).replace("\n\n", f"\n\n{stamp}\n\n", 1)
        pattern = re.compile(rf"## {re.escape(name)}\n.*?```\n.*?```\n", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _m, fresh=fresh: fresh, text)
        else:
            text += "\n" + fresh
    RESULTS.write_text(text, encoding="utf-8")
    print(f"updated {RESULTS}")
    return 0


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    if names:
        return _rerun(names)
    sections = [_section(name) for name in BENCHMARKS]
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
