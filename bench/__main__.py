"""`make bench`: run every benchmark and write bench/RESULTS.md from this run.
`python -m bench bench.bench_applications` runs the named ones and replaces only their sections."""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS = (
    "bench.bench_search",
    "bench.bench_frontend",
    "bench.bench_scanner",
    "bench.bench_mobile_api",
    "bench.bench_applications",
    "bench.bench_scale",
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


def _earlier_sections() -> dict[str, str]:
    """The sections of the last RESULTS.md by benchmark name (kept when only some are rerun)."""
    if not RESULTS.exists():
        return {}
    parts = RESULTS.read_text(encoding="utf-8").split("\n## ")[1:]
    return {part.split("\n", 1)[0].strip(): "## " + part.rstrip() + "\n" for part in parts}


def _command_line(chosen: list[str]) -> str:
    if len(chosen) == len(BENCHMARKS):
        return "Command: `make bench`.\n\n"
    rerun = " ".join(chosen)
    return f"Command: `python -m bench {rerun}`; the other sections are from the run before.\n\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m bench` runs every benchmark; `python -m bench bench.bench_scale` reruns one
    and keeps the other sections of RESULTS.md as they were."""
    chosen = list(argv if argv is not None else sys.argv[1:]) or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        print(f"unknown benchmarks: {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}")
        return 2
    by_name = _earlier_sections() if len(chosen) < len(BENCHMARKS) else {}
    for name in chosen:
        by_name[name] = f"## {name}\n\n```\n{_run(name).rstrip()}\n```\n"
    sections = [by_name[name] for name in BENCHMARKS if name in by_name]
    RESULTS.write_text(
        "# Benchmark results\n\n"
        f"Written by `make bench` (`python -m bench`) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.\n"
        f"Machine: {_machine()}. Ratios compare against baselines measured in the same run.\n"
        + _command_line(chosen)
        + "\n".join(sections),
        encoding="utf-8",
    )
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
