"""A submission worker of the fault suite, run as its own process (and killed with -9 by it):
citizens numbered FIRST..FIRST+COUNT-1 go search -> guide -> draft -> submit through core.
A receipt line is printed (and flushed) only after submit returned it: what a citizen was shown.

    python e2e/scale/submitter.py RUN FIRST COUNT
"""

from __future__ import annotations

import sys


def main(run: str, first: int, count: int) -> int:
    from core.testing.journeys import apply, citizen

    for number in range(first, first + count):
        person = citizen(number, run)
        try:
            application_id, receipt_no = apply(person)
        except Exception as error:  # reported; the suite fails on any
            print(f"FAILED {person.id} {type(error).__name__}", flush=True)
            continue
        print(f"RECEIPT {person.id} {application_id} {receipt_no}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
