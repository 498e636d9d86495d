"""The scheduled-guide publisher: runs beside the outbox relay and publishes every guide whose
scheduled time has come. Publishing is idempotent per draft state, so two workers are safe."""

from __future__ import annotations

import logging
import threading

from core.guide.editorial.workflow import Editorial

POLL_SECONDS = 15.0
log = logging.getLogger(__name__)


class ScheduledPublisher:
    def __init__(self, editorial: Editorial, poll_seconds: float = POLL_SECONDS) -> None:
        self._editorial, self._poll = editorial, poll_seconds

    def run_once(self) -> list[str]:
        published = self._editorial.publish_due()
        for code in published:
            log.info("published scheduled guide %s", code)
        return published

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # a failing publication must not stop the relay process
                log.exception("scheduled guide publishing failed; retrying")
            stop.wait(self._poll)
