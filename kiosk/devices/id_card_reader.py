"""Second-generation resident ID card readers (居民身份证阅读器, GA 450 / GB 19783 cards).

`IdCardReader` is what the device agent needs from any reader: wait until a card is placed,
then return its chip's fields as `core.identity.id_card.IdCard`. `SimulatedIdCardReader` is
the development and test reader: it holds card records from a YAML/JSON file and "places" a
card when its key is written to a trigger file (`place_card`, or `echo KEY > FILE`).

A vendor SDK plugs in as a class with the same two methods (no registration needed; the
agent takes any object that fits the Protocol). The usual SDK calls, whatever the vendor:
open the port (USB HID or serial) in `__init__`; in `wait_for_card` poll "find card" /
"select card" (找卡/选卡) every ~300 ms until the timeout, then "read base info" (读基本信息):
name, sex and ethnicity codes, birth date, address, ID number, issuer, validity, and the WLT
photo; decode the photo with the vendor's WLT library to BMP and re-encode it as JPEG; map the
sex code (1 男, 2 女) and the ethnicity code (GB 3304, 01 汉 ...) to their names; build the
card with `IdCard.from_record(...)` so the one ID-number validator checks it; and return a card
only once per placement (wait for "find card" to fail before returning the same card again).
Never log the record: log `card.masked_number` at most.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import yaml

from core.identity.id_card import IdCard, IdCardError

log = logging.getLogger(__name__)


@runtime_checkable
class IdCardReader(Protocol):
    def wait_for_card(self, timeout: float) -> IdCard | None:
        """The card placed on the reader within `timeout` seconds, or None."""

    def close(self) -> None:
        """Release the reader (port, SDK handle)."""


class CardFileError(ValueError):
    """The card records file cannot be used; the message names the card and field, never the number."""


def load_cards(path: Path) -> dict[str, IdCard]:
    """Card records by key from a YAML or JSON file `{"cards": [{"key": ..., IdCard fields}]}`."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise CardFileError(f"cannot read card records {path}: {error.__class__.__name__}") from None
    records = data.get("cards") if isinstance(data, dict) else None
    if not isinstance(records, list) or not records:
        raise CardFileError(f"{path} has no 'cards' list")
    cards: dict[str, IdCard] = {}
    for index, record in enumerate(records):
        key = record.get("key") if isinstance(record, dict) else None
        if not isinstance(key, str) or not key or key in cards:
            raise CardFileError(f"card {index + 1} in {path} has no key or a repeated one")
        try:
            cards[key] = IdCard.from_record(_with_photo(record, path.parent))
        except IdCardError as error:
            raise CardFileError(f"card {key!r} in {path}: {error}") from None
    return cards


def _with_photo(record: dict[str, Any], folder: Path) -> dict[str, Any]:
    fields = {name: value for name, value in record.items() if name not in ("key", "photo_file")}
    if record.get("photo_file"):
        photo_path = (folder / str(record["photo_file"])).resolve()
        if not photo_path.is_relative_to(folder.resolve()):
            raise IdCardError("bad_record", "a photo file must be in the card file's folder")
        try:
            photo = photo_path.read_bytes()
        except OSError:
            raise IdCardError("bad_record", f"the photo file {record['photo_file']} is missing") from None
        fields["photo_jpeg"] = base64.b64encode(photo).decode("ascii")
    return fields


def place_card(trigger: Path, key: str) -> None:
    """Put the card `key` on a simulated reader watching `trigger` (atomic: write, then rename)."""
    trigger.parent.mkdir(parents=True, exist_ok=True)
    partial = trigger.with_name(f".{trigger.name}.{os.getpid()}.tmp")
    partial.write_text(key + "\n", encoding="utf-8")
    partial.replace(trigger)


class SimulatedIdCardReader:
    """Reads the card whose key appears in `trigger`, then removes the trigger (one read a placement)."""

    def __init__(
        self,
        cards: dict[str, IdCard],
        trigger: Path,
        *,
        poll: float = 0.2,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        self.cards = cards
        self.trigger = trigger
        self.poll = poll
        self._closed = threading.Event()
        self._sleep = sleep or self._closed.wait

    @classmethod
    def from_file(cls, cards_file: Path, trigger: Path) -> SimulatedIdCardReader:
        return cls(load_cards(cards_file), trigger)

    def wait_for_card(self, timeout: float) -> IdCard | None:
        deadline = time.monotonic() + timeout
        while not self._closed.is_set():
            card = self._take()
            if card is not None:
                return card
            if time.monotonic() >= deadline:
                return None
            self._sleep(self.poll)
        return None

    def _take(self) -> IdCard | None:
        try:
            key = self.trigger.read_text(encoding="utf-8").strip()
            self.trigger.unlink()
        except FileNotFoundError:
            return None
        card = self.cards.get(key)
        if card is None:
            log.warning("no card with key %r in the simulated reader's records", key[:40])
        return card

    def close(self) -> None:
        self._closed.set()
