"""`yiwang scan`: one JSON line per file, the decoded text, and a clear error for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import segno

from core.settings import REPO_ROOT
from yiwang.cli import main

ZXING_PHOTO = REPO_ROOT / "tests" / "data" / "qr-zxing" / "qrcode-1" / "1.png"


def test_scan_json_reads_generated_and_photographed_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    poster = tmp_path / "poster.png"
    segno.make("https://ywtb.pds.gov.cn/s/11410400MB1234567X").save(poster, scale=5)
    assert main(["scan", str(poster), str(ZXING_PHOTO), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["file"] for line in lines] == [str(poster), str(ZXING_PHOTO)]
    assert lines[0]["codes"][0] == {
        "text": "https://ywtb.pds.gov.cn/s/11410400MB1234567X",
        "engine": "zxing",
        "step": "frame",
    }
    expected = ZXING_PHOTO.with_suffix(".txt").read_text(encoding="utf-8").strip()
    assert [code["text"].strip() for code in lines[1]["codes"]] == [expected]
    assert all(isinstance(line["ms"], float) and line["ms"] > 0 for line in lines)


def test_scan_reports_an_image_without_a_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blank = tmp_path / "blank.png"
    segno.make("x").save(blank, scale=1, dark="#fff")  # a white square: a valid image, no code
    assert main(["scan", str(blank)]) == 0
    assert f"{blank}: no QR code" in capsys.readouterr().out


def test_scan_goes_on_after_unreadable_files_and_fails_at_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_file = tmp_path / "notes.png"
    text_file.write_text("not an image", encoding="utf-8")
    good = tmp_path / "good.png"
    segno.make("GOOD").save(good, scale=4)
    missing = tmp_path / "missing.png"
    assert main(["scan", str(missing), str(text_file), str(good), "--json"]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line.get("error") for line in lines] == ["no such file", "not an image OpenCV can read", None]
    assert lines[2]["codes"][0]["text"] == "GOOD"
    assert f"{missing}: no such file" in captured.err


def test_scan_refuses_an_unknown_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(ZXING_PHOTO), "--engines", "zbar,quirc"]) == 2
    assert "QR engines are" in capsys.readouterr().err


def test_scan_with_zbar_only_names_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(ZXING_PHOTO), "--json", "--engines", "zbar"]) == 0
    (line,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {code["engine"] for code in line["codes"]} == {"zbar"}


def test_agent_refuses_a_missing_camera_file_and_a_missing_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("YIWANG_TERMINAL_KEY", raising=False)
    base = ["kiosk-agent", "--base-url", "http://127.0.0.1:9", "--terminal", "kiosk-x-01"]
    assert main(base) == 2
    assert "--key KEY or YIWANG_TERMINAL_KEY" in capsys.readouterr().err
    assert main([*base, "--key", "k", "--camera", str(tmp_path / "none.avi")]) == 2
    assert "does not exist" in capsys.readouterr().err
    bad_cards = tmp_path / "cards.yaml"
    bad_cards.write_text("cards: []\n", encoding="utf-8")
    assert main([*base, "--key", "k", "--no-camera", "--cards", str(bad_cards)]) == 2
    assert "no 'cards' list" in capsys.readouterr().err


def test_agent_camera_defaults_to_the_yiwang_camera_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("YIWANG_CAMERA", str(tmp_path / "hall-camera.avi"))
    get_settings.cache_clear()
    try:
        args = ["kiosk-agent", "--base-url", "http://127.0.0.1:9", "--terminal", "kiosk-x-01", "--key", "k"]
        assert main(args) == 2
    finally:
        get_settings.cache_clear()
    assert f"the camera video file {tmp_path / 'hall-camera.avi'} does not exist" in capsys.readouterr().err
