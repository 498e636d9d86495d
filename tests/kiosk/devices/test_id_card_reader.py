"""The simulated reader serves the demo cards of the sandbox residents, placed through a file."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml

from core.identity.id_numbers import is_valid_id_number
from core.settings import REPO_ROOT
from kiosk.devices.id_card_reader import (
    CardFileError,
    IdCardReader,
    SimulatedIdCardReader,
    load_cards,
    place_card,
)

DEMO_CARDS = REPO_ROOT / "data" / "devices" / "id_cards.yaml"
POPULATION = REPO_ROOT / "data" / "sandbox" / "population.yaml"


def test_demo_cards_are_the_sandbox_residents_with_valid_numbers() -> None:
    cards = load_cards(DEMO_CARDS)
    residents = {r["id_number"]: r for r in yaml.safe_load(POPULATION.read_text("utf-8"))["residents"]}
    assert len(cards) >= 15
    for card in cards.values():
        assert is_valid_id_number(card.id_number)
        assert residents[card.id_number]["name"] == card.name
        assert residents[card.id_number]["status"] == "normal"
    assert cards["zhang-jianguo"].photo_jpeg.startswith(b"\xff\xd8")  # a JPEG
    assert cards["zhang-jianguo"].valid_until is None  # 长期
    assert not cards["chen-xiaoming-expired"].is_valid_on(date(2026, 11, 28))
    current = [c for k, c in cards.items() if k != "chen-xiaoming-expired"]
    assert all(card.is_valid_on(date(2026, 11, 28)) for card in current)


def test_placed_card_is_read_once(tmp_path: Path) -> None:
    trigger = tmp_path / "card"
    reader = SimulatedIdCardReader.from_file(DEMO_CARDS, trigger)
    assert isinstance(reader, IdCardReader)
    assert reader.wait_for_card(timeout=0) is None
    place_card(trigger, "li-xiuying")
    card = reader.wait_for_card(timeout=1)
    assert card is not None and card.name == "李秀英" and card.masked_number.startswith("410")
    assert not trigger.exists()
    assert reader.wait_for_card(timeout=0) is None


def test_card_placed_while_waiting_is_returned(tmp_path: Path) -> None:
    trigger = tmp_path / "card"
    reader = SimulatedIdCardReader(load_cards(DEMO_CARDS), trigger, poll=0.02)
    threading.Timer(0.1, place_card, (trigger, "gao-xue")).start()
    card = reader.wait_for_card(timeout=3)
    assert card is not None and card.name == "高雪"


def test_unknown_key_reads_no_card(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    trigger = tmp_path / "card"
    reader = SimulatedIdCardReader(load_cards(DEMO_CARDS), trigger)
    place_card(trigger, "nobody")
    assert reader.wait_for_card(timeout=0) is None
    assert "no card with key 'nobody'" in caplog.text


def test_close_ends_a_wait(tmp_path: Path) -> None:
    reader = SimulatedIdCardReader(load_cards(DEMO_CARDS), tmp_path / "card")
    threading.Timer(0.1, reader.close).start()
    assert reader.wait_for_card(timeout=30) is None


def _write(path: Path, cards: list) -> Path:
    path.write_text(json.dumps({"cards": cards}, ensure_ascii=False), encoding="utf-8")
    return path


def test_bad_card_files_are_refused_without_repeating_the_number(tmp_path: Path) -> None:
    good = dict(load_cards(DEMO_CARDS)["zhang-jianguo"].to_record(), key="a")
    wrong_check = {**good, "id_number": good["id_number"][:-1] + "9"}
    with pytest.raises(CardFileError, match="cannot read"):
        load_cards(tmp_path / "missing.yaml")
    with pytest.raises(CardFileError, match="no 'cards' list"):
        load_cards(_write(tmp_path / "empty.json", []))
    with pytest.raises(CardFileError, match="repeated"):
        load_cards(_write(tmp_path / "twice.json", [good, good]))
    with pytest.raises(CardFileError, match="not valid") as refused:
        load_cards(_write(tmp_path / "check.json", [wrong_check]))
    assert good["id_number"][:-1] not in str(refused.value)
    with pytest.raises(CardFileError, match="photo file"):
        load_cards(_write(tmp_path / "photo.json", [{**good, "photo_file": "nope.jpg"}]))
    (tmp_path / "cards").mkdir()
    outside = _write(tmp_path / "cards" / "outside.json", [{**good, "photo_file": "../photo.json"}])
    with pytest.raises(CardFileError, match="in the card file's folder"):
        load_cards(outside)
