"""Every read and write of the bank channel names the teller, terminal, branch, the customer
(as a pseudonym, never a name or ID number) and the purpose."""

from __future__ import annotations

from dataclasses import dataclass

from core.audit import AuditLog, pseudonym
from core.identity.terminals import Terminal

CHANNEL = "bank"


@dataclass(frozen=True)
class Desk:
    """Who acts at a branch: a logged-in teller at a registered bank terminal."""

    teller: str  # staff username
    teller_name: str
    terminal: Terminal

    @property
    def branch(self) -> str:
        return self.terminal.site


def customer_key(citizen_id: str) -> str:
    return pseudonym(citizen_id) if citizen_id else ""


def record_act(
    audit: AuditLog,
    desk: Desk,
    action: str,
    outcome: str,
    *,
    purpose: str,
    citizen_id: str = "",
    **detail: str | int | bool,
) -> None:
    """One bank act in the audit log (`bank.<action>`)."""
    audit.record(
        f"bank.{action}",
        outcome,
        actor=desk.teller,
        channel=CHANNEL,
        terminal=desk.terminal.id,
        branch=desk.branch,
        customer=customer_key(citizen_id),
        purpose=purpose,
        **detail,
    )
