"""Timeline statuses in the caller's language."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("已提交", "Submitted"),
    "approved": ("已秒批", "Approved instantly"),
    "to_department": ("已转部门审核", "Sent for review"),
    "delivered": ("部门已收到", "Received by the department"),
    "accepted": ("部门已受理", "Accepted by the department"),
    "in_review": ("正在审核", "Under review"),
    "done": ("已办结", "Finished"),
    "rejected": ("已退回，部门会联系您", "Returned: the department will contact you"),
    "committed": ("已按承诺审批", "Approved on your commitment"),
    "supplied": ("承诺材料已补交", "Owed material supplied"),
    "commitment_overdue": (
        "承诺材料逾期未补交，已通知部门",
        "Owed material overdue: the department has been told",
    ),
}


def status_label(status: str, lang: str) -> str:
    zh, en = LABELS.get(status, (status, status))
    return en if lang == "en" else zh
