"""`make bench`: run every benchmark and write bench/RESULTS.md from this run.
`python -m bench bench.bench_applications` runs the named ones and replaces only their sections."""

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

BENCHMARKS = (
    "bench.bench_search",
    "bench.bench_frontend",
    "bench.bench_scanner",
    "bench.bench_mobile_api",
    "bench.bench_applications",
)
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


def _sections(markdown: str) -> dict[str, str]:
    """The `## bench.x` sections of an earlier RESULTS.md, by benchmark name."""
    parts = re.split(r"^## (\S+)\n", markdown, flags=re.MULTILINE)
    pairs = zip(parts[1::2], parts[2::2], strict=True)
    return {name: f"## {name}\n{body.rstrip()}\n" for name, body in pairs}


def main(argv: list[str] | None = None) -> int:
    chosen = tuple(argv if argv is not None else sys.argv[1:]) or BENCHMARKS
    if unknown := set(chosen) - set(BENCHMARKS):
        print(f"unknown benchmarks: {', '.join(sorted(unknown))} (known: {', '.join(BENCHMARKS)})")
        return 2
    earlier = _sections(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
    fresh = {name: f"## {name}\n\n```\n{_run(name).rstrip()}\n```\n" for name in chosen}
    sections = [fresh.get(name) or earlier.get(name, "") for name in BENCHMARKS]
    partial = "" if set(chosen) == set(BENCHMARKS) else f" (this run: {', '.join(chosen)})"
    RESULTS.write_text(
        "# Benchmark results\n\n"
        f"Written by `make bench` (`python -m bench`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC{partial}.\n"
        f"Machine: {_machine()}. Ratios compare against baselines measured in the same run.\n\n"
        + "\n".join(section for section in sections if section),
        encoding="utf-8",
    )
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
