"""The worked example of a delivery plugin; registered for the department code "demo".

A real plugin does the same four things: read what it needs from `entry.payload`, send
`entry.idempotency_key` along so a repeated delivery is recognised, return the department's
reference in a `DeliveryReceipt`, and raise `Retryable` (try later) or `Rejected` (never).
This one keeps its "department" in memory, so it needs no server and no network.
"""

from __future__ import annotations

import threading
from typing import ClassVar

import httpx

from core.applications.delivery.base import DeliveryPlugin, DeliveryReceipt, OutboxEntryView, Rejected
from core.applications.delivery.registry import register


@register("demo")
class DemoPlugin(DeliveryPlugin):
    verbose_name: ClassVar[str] = "demo: accept in memory"

    def __init__(self, department_code: str) -> None:
        super().__init__(department_code)
        self._lock = threading.Lock()
        self.received: dict[str, OutboxEntryView] = {}  # by idempotency key: one per application sent

    def deliver(self, entry: OutboxEntryView, client: httpx.Client) -> DeliveryReceipt:
        if entry.payload.get("demo_reject"):
            raise Rejected("the demo department refuses payloads marked demo_reject")
        with self._lock:
            self.received.setdefault(entry.idempotency_key, entry)
            number = list(self.received).index(entry.idempotency_key) + 1
        return DeliveryReceipt(f"DEMO-{number:06d}")
