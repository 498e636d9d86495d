"""What a submission writes besides the application: each item's decision as JSON, its first
status per department, and the payload queued for each department system."""

from __future__ import annotations

from collections import defaultdict

from core.applications.commitments import Signature
from core.applications.decisions import Decision
from core.applications.records import ApplicationRecord
from core.guide.models import Item


def decision_json(decision: Decision) -> dict:
    return {
        "outcome": decision.outcome,
        "reason": decision.reason,
        "results": [
            {"rule": r.rule_id, "passed": r.passed, "zh": r.explanation_zh, "en": r.explanation_en}
            for r in decision.results
        ],
    }


def by_department(items: list[Item]) -> dict[str, list[Item]]:
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.department].append(item)
    return dict(grouped)


def event_status(decision: Decision) -> str:
    if decision.approved:
        return "approved"
    return "committed" if decision.outcome == "committed" else "to_department"


def department_payload(
    record: ApplicationRecord,
    items: list[Item],
    decisions: dict[str, Decision],
    signed: dict[str, Signature],
    owed: list,
) -> dict:
    payload = {
        "receipt_no": record.receipt_no,
        "items": [{"code": i.code, "name": i.name, "decision": decisions[i.code].outcome} for i in items],
        "answers": record.answers,
        "submitted_at": record.submitted_at.isoformat(),
    }
    commitments = [
        {
            "item": code,
            "signed_at": signature.signed_at.isoformat(),
            "text_sha256": signature.text_hash,
            "channel": signature.channel,
            "owed": [
                {"material": o.material_id, "due_on": o.due_on.isoformat()}
                for o in owed
                if o.item_code == code
            ],
        }
        for code, signature in signed.items()
        if any(i.code == code for i in items)
    ]
    if commitments:  # the department checks the commitment and what is still owed later
        payload["commitments"] = commitments
    return payload
