"""Second-generation resident ID cards as a card reader returns them (GB 19783 / 居民身份证).

A reader driver (kiosk.devices) turns the chip's fields into an `IdCard`; terminals send the
record to the platform, which rebuilds the card here and validates it. The ID number is checked
by core.identity.id_numbers, the one validator; screens and paper show only the masked forms.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from core.identity.id_numbers import IdNumberError, mask_id_number, normalise_id_number

IdCardErrorCode = Literal["bad_record", "bad_id_number"]
SEXES = ("男", "女")
MAX_PHOTO_BYTES = 64 * 1024  # the chip holds a ~1 KB WLT photo; a decoded JPEG stays far below this


class IdCardError(ValueError):
    def __init__(self, code: IdCardErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class IdCard:
    name: str
    sex: str
    ethnicity: str
    birth_date: date
    address: str
    id_number: str = field(repr=False)  # never in a log line or a traceback's repr
    issuer: str
    valid_from: date
    valid_until: date | None  # None: 长期 (valid for life)
    photo_jpeg: bytes = field(default=b"", repr=False)

    @property
    def masked_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_name(self) -> str:
        """张*三 / 李* : the family name and, for longer names, the last character."""
        if len(self.name) <= 2:
            return self.name[:1] + "*"
        return self.name[0] + "*" * (len(self.name) - 2) + self.name[-1]

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def to_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "issuer": self.issuer,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else "长期",
            "photo_jpeg": base64.b64encode(self.photo_jpeg).decode("ascii"),
        }

    @classmethod
    def from_record(cls, record: Any) -> IdCard:
        """The card in a record a reader or terminal sent; IdCardError says what is wrong."""
        if not isinstance(record, dict):
            raise IdCardError("bad_record", "a card record is a JSON object")
        try:
            number = normalise_id_number(_text(record, "id_number", 18 + 8))
        except IdNumberError as error:
            raise IdCardError("bad_id_number", f"the card's ID number is not valid ({error.code})") from None
        card = cls(
            name=_text(record, "name", 30),
            sex=_text(record, "sex", 1),
            ethnicity=_text(record, "ethnicity", 10),
            birth_date=_date(record, "birth_date"),
            address=_text(record, "address", 70),
            id_number=number,
            issuer=_text(record, "issuer", 30),
            valid_from=_date(record, "valid_from"),
            valid_until=None if record.get("valid_until") == "长期" else _date(record, "valid_until"),
            photo_jpeg=_photo(record.get("photo_jpeg", "")),
        )
        _check_consistent(card)
        return card


def _text(record: dict, field: str, limit: int) -> str:
    value = record.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise IdCardError("bad_record", f"the card's {field} is missing or longer than {limit} characters")
    return value.strip()


def _date(record: dict, field: str) -> date:
    value = record.get(field)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else date.fromisoformat("")
    except ValueError:
        raise IdCardError("bad_record", f"the card's {field} is not a date (YYYY-MM-DD)") from None


def _photo(value: Any) -> bytes:
    if not isinstance(value, str) or len(value) > MAX_PHOTO_BYTES * 4 // 3 + 4:
        raise IdCardError("bad_record", "the card photo is not base64 or is too large")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise IdCardError("bad_record", "the card photo is not base64") from None


def _check_consistent(card: IdCard) -> None:
    """The chip's fields agree with the number's own birth date and sex digit."""
    if card.sex not in SEXES:
        raise IdCardError("bad_record", "the card's sex is 男 or 女")
    born = date(int(card.id_number[6:10]), int(card.id_number[10:12]), int(card.id_number[12:14]))
    if born != card.birth_date:
        raise IdCardError("bad_record", "the card's birth date differs from the one in its ID number")
    if ("男" if int(card.id_number[16]) % 2 else "女") != card.sex:
        raise IdCardError("bad_record", "the card's sex differs from the one in its ID number")
    if card.valid_until is not None and card.valid_until < card.valid_from:
        raise IdCardError("bad_record", "the card's validity ends before it starts")
