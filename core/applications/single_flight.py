"""One submission per idempotency key at a time: a second request with the key while the first
is still being stored is told so (and retries later) instead of racing it. Once stored, every
replay of the key gets the first receipt from `Submissions` itself.

The claim is a row in the single-use nonce table, so it holds across workers; it expires by
itself if a worker dies mid-submission."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import Engine

from core.applications.submission import Receipt, SubmissionError, Submissions
from core.clock import Clock, system_clock
from core.identity.nonces import SqlNonceStore, release_nonce

IN_FLIGHT_TTL = timedelta(seconds=60)


def claim_name(owner_id: str, idempotency_key: str) -> str:
    return f"submit:{owner_id}:{hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]}"


class SingleFlightSubmissions:
    def __init__(self, engine: Engine, submissions: Submissions, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._submissions = submissions
        self._claims = SqlNonceStore(engine)
        self._clock = clock

    def submit(
        self, owner_id: str, draft_id: str, idempotency_key: str, channel: str
    ) -> tuple[Receipt, bool]:
        """(receipt, created): created is False when an earlier request already stored it."""
        earlier = self._submissions.replay(owner_id, draft_id, idempotency_key)
        if earlier is not None:
            return earlier, False
        name = claim_name(owner_id, idempotency_key)
        now = self._clock()
        if not self._claims.consume(name, now + IN_FLIGHT_TTL, now):
            raise SubmissionError("in_progress")
        try:
            return self._submissions.submit(owner_id, draft_id, idempotency_key, channel=channel), True
        finally:
            release_nonce(self._engine, name)
