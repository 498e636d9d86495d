"""The console script as a user runs it, against a real seeded SQLite database."""

import json
from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from core.guide.catalogue import Catalogue
from yiwang.cli import main


def test_search_json_shape(seeded_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "身份证丢了怎么办", "--limit", "3", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert 1 <= len(results) <= 3
    assert {"code", "name", "plain_name", "kind", "department"} <= set(results[0])
    assert "补领" in results[0]["name"]


def test_catalog_stats_json(seeded_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    for key in (
        "items",
        "departments",
        "bundles",
        "items_with_plain_language",
        "items_with_english",
        "scenarios",
        "materials",
    ):
        assert stats[key] > 0, key
    assert stats["items"] >= 80


def test_qr_print_file_reads_back(
    seeded_env: str, seed_catalogue: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = seed_catalogue.bundles[0].code
    out = tmp_path / "bundle.png"
    assert main(["qr", code, "--out", str(out)]) == 0
    assert "mm" in capsys.readouterr().out
    with Image.open(out) as image:
        assert decode(image)[0].data.decode() == f"http://kiosk.test:3000/s/{code}"


def test_qr_for_unknown_code_fails_clearly(
    seeded_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["qr", "123", "--out", str(tmp_path / "x.svg")]) == 2
    assert "no item or bundle" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


def test_staff_add_prints_the_totp_secret_once(
    seeded_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
    assert main(["staff", "add", "zhao.teller", "--role", "teller", "--password-stdin"]) == 0
    out = capsys.readouterr().out
    assert "otpauth://totp/" in out and "teller" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
    assert main(["staff", "add", "zhao.teller", "--role", "teller", "--password-stdin"]) == 2
    assert "exists" in capsys.readouterr().err
