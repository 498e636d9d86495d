"""`yiwang guide check` prints the checker's findings; no text is a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yiwang.cli import main


def test_guide_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "check", "--json", "凡申请人须依申请办理。"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["score"] < 100
    assert {f["text"] for f in report["findings"]} >= {"凡", "须", "依申请", "办理"}


def test_guide_check_file_and_empty_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "guide.txt"
    text.write_text("请在2023-06-12前来。", encoding="utf-8")
    assert main(["guide", "check", "--file", str(text)]) == 0
    assert "2023年6月12日" in capsys.readouterr().out
    assert main(["guide", "check"]) == 2
    assert "give a text" in capsys.readouterr().err


def test_publish_due_with_nothing_scheduled(seeded_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "publish-due"]) == 0
    assert "published 0 scheduled guides" in capsys.readouterr().out
