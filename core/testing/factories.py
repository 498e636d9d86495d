"""Valid test data built by the same rules production checks."""

from __future__ import annotations

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def make_id_number(region: str = "410402", birth: str = "19900307", sequence: str = "123") -> str:
    """An 18-digit resident ID number with a correct ISO 7064 MOD 11-2 check character."""
    body = f"{region}{birth}{sequence}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]
