"""18-digit resident ID numbers (居民身份证号码, GB 11643-1999): validate, normalise, mask.

Layout: ``RRRRRR YYYYMMDD SSS C`` — the 6-digit administrative division code of the place
the number was first issued, the date of birth, a sequence number whose last digit is odd
for men and even for women, and a check character (ISO 7064 MOD 11-2, ``0``-``9`` or ``X``).

Error messages are English and never repeat the number: they end up in logs. The channels
translate by ``IdNumberError.code``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Final, Literal

from core.identity.regions import is_known_division_code

__all__ = [
    "ERROR_CODES",
    "IdNumberError",
    "IdNumberFacts",
    "id_number_facts",
    "is_valid_id_number",
    "mask_id_number",
    "normalise_id_number",
]

IdNumberErrorCode = Literal["length", "characters", "region", "birth_date", "future_birth", "check_digit"]
ERROR_CODES: Final[tuple[IdNumberErrorCode, ...]] = (
    "length",
    "characters",
    "region",
    "birth_date",
    "future_birth",
    "check_digit",
)

LENGTH: Final = 18
EARLIEST_BIRTH_DATE: Final = date(1900, 1, 1)
# China keeps one time zone and no daylight saving: "today" is today in Beijing, whatever the server's zone.
CHINA_STANDARD_TIME: Final = timezone(timedelta(hours=8), "CST")

# ISO 7064 MOD 11-2: weight of position i (1 = leftmost) is 2**(18 - i) mod 11.
_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS: Final = "10X98765432"  # indexed by (weighted sum) mod 11

# What people paste between or around the characters: any whitespace (tabs, newlines,
# the ideographic space U+3000, no-break space), invisible format characters and dashes.
_SEPARATORS: Final = re.compile(
    r"[\s\-\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d"  # whitespace, soft hyphen, dashes, minus signs
    r"\u200b-\u200d\u2060\ufeff]+"  # zero-width spaces and joiners, word joiner, byte-order mark
)
_WIDTH_AND_CASE: Final = str.maketrans(
    {**{chr(0xFF10 + digit): str(digit) for digit in range(10)}, "x": "X", "ｘ": "X", "Ｘ": "X"}
)
_ALPHABET: Final = re.compile(r"[0-9X]*")
_SHAPE: Final = re.compile(r"[0-9]{17}[0-9X]")


class IdNumberError(ValueError):
    """An ID number that is not a valid 18-digit resident ID number.

    ``code`` is one of :data:`ERROR_CODES`; the message is English.
    """

    code: IdNumberErrorCode

    def __init__(self, code: IdNumberErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> tuple[type[IdNumberError], tuple[str, str]]:
        return type(self), (self.code, str(self))


@dataclass(frozen=True, slots=True)
class IdNumberFacts:
    """What an ID number says about its holder."""

    region_code: str  # 6 digits, e.g. "410402"
    birth_date: date
    sex: Literal["M", "F"]


def _today() -> date:
    return datetime.now(CHINA_STANDARD_TIME).date()


def _clean(raw: str) -> str:
    """Drop separators, turn full-width digits and any x into ASCII; nothing else changes."""
    return _SEPARATORS.sub("", raw).translate(_WIDTH_AND_CASE)


def _check_character(first_17: str) -> str:
    return _CHECK_CHARACTERS[sum(w * int(d) for w, d in zip(_WEIGHTS, first_17, strict=True)) % 11]


def _birth_date(number: str) -> date:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("birth_date", "Digits 7 to 14 are not a real date of birth (YYYYMMDD).") from None
    if born < EARLIEST_BIRTH_DATE:
        raise IdNumberError("birth_date", "The date of birth is before 1900-01-01.")
    if born > _today():
        raise IdNumberError("future_birth", "The date of birth is in the future.")
    return born


def normalise_id_number(raw: str) -> str:
    """Validate an 18-digit resident ID number and return its canonical form.

    Spaces, tabs, hyphens and other stray separators anywhere are dropped, full-width
    digits become ASCII and a lower-case or full-width x becomes ``X``::

        >>> normalise_id_number("410402 19900307 100x")
        '41040219900307100X'
        >>> normalise_id_number("４１０４０２１９９００３０７１００ｘ")
        '41040219900307100X'

    Checks, in this order, each failure raising :class:`IdNumberError` with its ``code``:
    ``characters`` (only digits and X), ``length`` (exactly 18; the 15-digit numbers of
    first-generation cards are refused), ``characters`` (X only as the last character),
    ``region`` (a division code of some GB/T 2260 revision), ``birth_date`` (a real date,
    not before 1900-01-01), ``future_birth`` and ``check_digit`` (ISO 7064 MOD 11-2).
    """
    if not isinstance(raw, str):
        raise TypeError(f"an ID number is text, not {type(raw).__name__}")
    number = _clean(raw)
    if not _ALPHABET.fullmatch(number):
        raise IdNumberError(
            "characters", "An ID number has only digits, with an X allowed as the last character."
        )
    if len(number) != LENGTH:
        if not number:
            raise IdNumberError("length", "The ID number is empty; it should have 18 characters.")
        if len(number) == 15:
            raise IdNumberError(
                "length",
                "Only 18-digit ID numbers are accepted; 15-digit numbers from "
                "first-generation ID cards are not.",
            )
        raise IdNumberError("length", f"An ID number has 18 characters; this one has {len(number)}.")
    if not _SHAPE.fullmatch(number):
        raise IdNumberError("characters", "An X is allowed only as the last character of an ID number.")
    if not is_known_division_code(number[:6]):  # also checks the province, digits 1-2
        raise IdNumberError("region", "The first 6 digits are not a known administrative division code.")
    _birth_date(number)
    if _check_character(number[:17]) != number[17]:
        raise IdNumberError(
            "check_digit",
            "The last character does not match the check digit computed from the first 17 digits; "
            "the number probably has a typo.",
        )
    return number


def is_valid_id_number(raw: str) -> bool:
    """True if ``raw`` normalises to a valid 18-digit resident ID number; never raises."""
    if not isinstance(raw, str):
        return False
    try:
        normalise_id_number(raw)
    except IdNumberError:
        return False
    return True


def id_number_facts(raw: str) -> IdNumberFacts:
    """Region code, date of birth and sex from an ID number; normalises (and may raise) first.

    >>> id_number_facts("410402199003071237")
    IdNumberFacts(region_code='410402', birth_date=datetime.date(1990, 3, 7), sex='M')
    """
    number = normalise_id_number(raw)
    return IdNumberFacts(
        region_code=number[:6],
        birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        sex="M" if int(number[16]) % 2 else "F",
    )


def mask_id_number(id_number: str) -> str:
    """The display form: the first 3 and the last 4 characters, the rest as ``*``::

        >>> mask_id_number("41040219900307100X")
        '410***********100X'

    Whatever is given is cleaned as :func:`normalise_id_number` does and masked the same
    way, valid or not, and this never raises. Only text that cleans to exactly 18
    characters shows anything: at most 7 characters, never the date of birth (7 to 14).
    Anything else is all ``*``, at most 18 of them, since its tail could be part of the date.

        >>> mask_id_number("410402 1990-0307 100x")
        '410***********100X'
        >>> mask_id_number("410402900307123")
        '***************'
    """
    number = _clean(id_number) if isinstance(id_number, str) else ""
    if len(number) == LENGTH:
        return number[:3] + "*" * (LENGTH - 7) + number[-4:]
    return "*" * min(len(number), LENGTH)
