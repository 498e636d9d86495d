"""The scheduled publisher: runs beside the outbox relay and publishes every guide, bundle or
block whose scheduled time has come. Publishing is idempotent per draft state, so two workers
are safe."""

from __future__ import annotations

import logging
import threading

from core.guide.editorial.workflow import ReviewWorkflow

POLL_SECONDS = 15.0
log = logging.getLogger(__name__)


class ScheduledPublisher:
    def __init__(self, *workflows: ReviewWorkflow, poll_seconds: float = POLL_SECONDS) -> None:
        self._workflows, self._poll = workflows, poll_seconds

    def run_once(self) -> list[str]:
        published = []
        for workflow in self._workflows:
            for key in workflow.publish_due():
                log.info("published scheduled %s %s", workflow.kind, key)
                published.append(key)
        return published

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # a failing publication must not stop the relay process
                log.exception("scheduled guide publishing failed; retrying")
            stop.wait(self._poll)
