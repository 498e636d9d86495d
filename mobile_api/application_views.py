"""Core receipts and timeline events → the API's application payloads."""

from __future__ import annotations

from core.applications.records import ApplicationEvent
from core.applications.submission import Receipt
from mobile_api.draft_views import target_title
from mobile_api.schemas_applications import DecisionOut, EventOut, ReceiptOut, RuleResultOut
from mobile_api.status_labels import status_label


def receipt_out(receipt: Receipt, lang: str) -> ReceiptOut:
    return ReceiptOut(
        application_id=receipt.application_id,
        receipt_no=receipt.receipt_no,
        target_kind=receipt.target_kind,
        target_code=receipt.target_code,
        title=target_title(receipt.target_kind, receipt.target_code, lang),
        submitted_at=receipt.submitted_at,
        decisions=[
            DecisionOut(
                item_code=code,
                outcome=decision.get("outcome", ""),
                results=[
                    RuleResultOut(
                        rule=r.get("rule", ""),
                        passed=bool(r.get("passed")),
                        explanation=r.get("en") if lang == "en" and r.get("en") else r.get("zh", ""),
                    )
                    for r in decision.get("results", [])
                ],
            )
            for code, decision in receipt.decisions.items()
        ],
    )


def event_out(event: ApplicationEvent, lang: str) -> EventOut:
    return EventOut(
        id=event.id or 0,
        at=event.at,
        status=event.status,
        label=status_label(event.status, lang),
        department=event.department or None,
        item_code=event.item_code or None,
    )
