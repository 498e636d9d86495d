"""Delivery of submitted applications to department systems: the outbox table, the relay that
drains it exactly once and in order, and one plugin per department system (see `registry`).

Submission calls `enqueue(session, application_id, department, payload)` inside its own
transaction; a `Relay` (`yiwang relay`, or the embedded worker) delivers what was committed.
"""

from core.applications.delivery.base import (
    DeliveryPlugin,
    DeliveryReceipt,
    OutboxEntryView,
    Rejected,
    Retryable,
    retry_after_seconds,
)
from core.applications.delivery.outbox import (
    NotRequeueable,
    OutboxEntry,
    claim_due,
    enqueue,
    get_entry,
    list_entries,
    requeue,
)
from core.applications.delivery.registry import Registry, UnknownDepartment, register
from core.applications.delivery.relay import Relay, RelayPolicy, backoff_delay

__all__ = [
    "DeliveryPlugin",
    "DeliveryReceipt",
    "NotRequeueable",
    "OutboxEntry",
    "OutboxEntryView",
    "Registry",
    "Rejected",
    "Relay",
    "RelayPolicy",
    "Retryable",
    "UnknownDepartment",
    "backoff_delay",
    "claim_due",
    "enqueue",
    "get_entry",
    "list_entries",
    "register",
    "requeue",
    "retry_after_seconds",
]
