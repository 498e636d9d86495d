"""`python -m bench NAME` reruns one benchmark and keeps the other sections of RESULTS.md."""

from pathlib import Path

import pytest

import bench.__main__ as runner


def test_one_benchmark_replaces_only_its_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Benchmark results\n\nold header\n\n"
        "## bench.bench_search\n\n```\nsearch numbers\n```\n\n"
        "## bench.bench_applications\n\n```\nold submissions\n```\n",
        "utf-8",
    )
    monkeypatch.setattr(runner, "RESULTS", results)
    monkeypatch.setattr(runner, "_run", lambda name: f"fresh {name}\n")
    assert runner.main(["bench.bench_applications"]) == 0
    text = results.read_text("utf-8")
    assert "search numbers" in text and "fresh bench.bench_applications" in text
    assert "old submissions" not in text and "old header" not in text
    assert "Command: `python -m bench bench.bench_applications`" in text
    assert text.index("## bench.bench_search") < text.index("## bench.bench_applications")


def test_an_unknown_benchmark_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "RESULTS", tmp_path / "RESULTS.md")
    assert runner.main(["bench.nothing"]) == 2
    assert not (tmp_path / "RESULTS.md").exists()
