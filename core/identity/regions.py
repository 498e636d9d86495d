"""Administrative division codes (GB/T 2260) for the region part of a resident ID number.

The codes live in ``data/identity/division_codes.tsv``: every code of every revision
from 1980 on, because an ID number keeps the code of the place where it was first issued.
A malformed data file raises at first use rather than quietly refusing every citizen.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

DIVISION_CODES_FILE = Path(__file__).resolve().parents[2] / "data" / "identity" / "division_codes.tsv"

# Province-level codes that a resident ID number can start with.
PROVINCE_CODES: frozenset[str] = frozenset(
    str(code)
    for first, last in ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65))
    for code in range(first, last + 1)
)


class RegionDataError(RuntimeError):
    """The division-code data file is missing or malformed."""


def read_division_codes(path: Path) -> dict[str, str]:
    """Read ``code<TAB>name`` lines; ``#`` lines and blank lines are skipped."""
    codes: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            code, tab, name = line.partition("\t")
            if not tab or not name or len(code) != 6 or not code.isascii() or not code.isdigit():
                raise RegionDataError(f"{path}:{number}: expected a 6-digit code, a tab and a name")
            if code[:2] not in PROVINCE_CODES:
                raise RegionDataError(f"{path}:{number}: {code} is outside the province-level codes")
            if code in codes:
                raise RegionDataError(f"{path}:{number}: {code} is listed twice")
            codes[code] = name
    if not codes:
        raise RegionDataError(f"{path}: no division codes")
    return codes


@cache
def division_codes() -> Mapping[str, str]:
    """Every known division code with its latest name (read once, then cached; read-only)."""
    return MappingProxyType(read_division_codes(DIVISION_CODES_FILE))


def is_known_division_code(code: str) -> bool:
    """True if the 6-digit ``code`` appears in some GB/T 2260 revision we hold."""
    return code[:2] in PROVINCE_CODES and code in division_codes()


def division_name(code: str) -> str | None:
    """The latest name of a division code, e.g. ``"410402"`` → ``"新华区"``; None if unknown."""
    return division_codes().get(code)
