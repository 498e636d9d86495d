"""What an outbox entry hands over: the application itself, or a notice about one it holds.

A notice travels the same outbox and relay as the application (same claim, retries and
idempotency key) and waits behind it; it is not polled for a status afterwards. Some notices
add a timeline line once the department has it, in Chinese and English.
"""

from __future__ import annotations

APPLICATION = "application"
COMMITMENT_OVERDUE = "commitment_overdue"  # a 告知承诺 material passed its deadline unsupplied
COMMITMENT_SUPPLIED = "commitment_supplied"  # an overdue material was supplied after all
KINDS = (APPLICATION, COMMITMENT_OVERDUE, COMMITMENT_SUPPLIED)

# The status and note of the timeline line written when the department received the notice.
DELIVERED_LINES: dict[str, tuple[str, str]] = {
    COMMITMENT_OVERDUE: (
        "commitment_overdue",
        "承诺材料逾期未补交，已通知部门 / The committed material is overdue; the department has been told",
    ),
}


def is_notice(kind: str) -> bool:
    return kind != APPLICATION
