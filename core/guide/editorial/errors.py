"""The one refusal of the editorial workflow, with a code channels translate."""

from __future__ import annotations


class EditorialError(Exception):
    """`code`: not_found, invalid, unknown_block, wrong_status, same_person, reason_needed,
    bad_time, unknown_version, bad_slug. `problems` names invalid fields."""

    def __init__(self, code: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(code)
        self.code, self.problems = code, problems
