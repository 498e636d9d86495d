"""The relay: claims due outbox entries and hands each to its department's plugin.

Run it as a background worker (`run_forever`) in one or many processes; the claim keeps two
relays off the same row, the lease brings back rows of a relay that died mid-delivery, and
the idempotency key lets the department drop the copy it may already have. Failures back off
exponentially with full jitter (delay = uniform(0, min(cap, base * 2**(attempt-1)))), a
department's Retry-After wins over that, and after `max_attempts` claims an entry is dead.
"""

from __future__ import annotations

import logging
import random
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine

from core.applications.delivery.base import OutboxEntryView, Rejected, Retryable
from core.applications.delivery.outbox import (
    as_utc,
    claim_due,
    mark_dead,
    mark_delivered,
    mark_rejected,
    mark_retry,
    utcnow,
)
from core.applications.delivery.registry import Registry, UnknownDepartment

logger = logging.getLogger("core.applications.delivery")

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]
Listener = Callable[[OutboxEntryView], None]
MAX_EXPONENT = 62  # beyond this base * 2**n is past any cap anyway


@dataclass(frozen=True)
class RelayPolicy:
    base_delay: float = 2.0  # seconds before the first retry, at most
    max_delay: float = 600.0  # the backoff cap: 10 minutes
    max_attempts: int = 12  # claims before an entry is dead
    lease: timedelta = timedelta(minutes=5)  # longer than a plugin call may take
    batch_size: int = 10
    poll_interval: float = 1.0  # seconds between claims when nothing was due
    max_retry_after: float = 24 * 3600.0  # a longer Retry-After is taken to be a mistake


def backoff_delay(attempt: int, rng: random.Random, base: float = 2.0, cap: float = 600.0) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): full jitter under a cap."""
    if attempt < 1:
        raise ValueError("attempts are counted from 1")
    ceiling = min(cap, base * 2.0 ** min(attempt - 1, MAX_EXPONENT))
    return rng.uniform(0.0, ceiling)


def retry_delay(attempt: int, retry_after: float | None, rng: random.Random, policy: RelayPolicy) -> float:
    """The department's Retry-After when it gave one (bounded), else the jittered backoff."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), policy.max_retry_after)
    return backoff_delay(attempt, rng, policy.base_delay, policy.max_delay)


def _where(error: BaseException) -> str:
    """The exception's type and where it was raised, without its message: a plugin's message
    may quote the payload, and ID numbers must never reach a log."""
    frames = traceback.extract_tb(error.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{place}"


class Relay:
    """Delivers outbox entries through the plugins of `registry` with `http_client`.

    `clock` gives aware UTC time; `sleep` waits between idle polls (default: the stop
    event's own wait, so `run_forever` stops at once); `on_finished` hears of every entry
    that became delivered, rejected or dead, after it is stored.
    """

    def __init__(
        self,
        engine: Engine,
        registry: Registry,
        http_client: httpx.Client,
        clock: Clock = utcnow,
        sleep: Sleep | None = None,
        *,
        policy: RelayPolicy | None = None,
        rng: random.Random | None = None,
        on_finished: Listener | None = None,
    ) -> None:
        self._engine = engine
        self._registry = registry
        self._client = http_client
        self._clock = clock
        self._sleep = sleep
        self.policy = policy or RelayPolicy()
        self._rng = rng or random.Random()
        self._on_finished = on_finished

    def run_once(self) -> int:
        """Claim one batch of due entries and attempt each; returns how many were claimed."""
        claims = claim_due(self._engine, self._now(), self.policy.batch_size, self.policy.lease)
        for claim in claims:
            self._attempt(claim)
        return len(claims)

    def run_forever(self, stop_event: threading.Event) -> None:
        """Deliver until `stop_event` is set; a failing database is logged and retried."""
        logger.info("relay started")
        while not stop_event.is_set():
            try:
                claimed = self.run_once()
            except Exception as error:  # keep the worker alive through a locked or restarting database
                logger.error("relay round failed: %s", type(error).__name__, exc_info=True)
                claimed = 0
            if not claimed:
                self._wait(stop_event)
        logger.info("relay stopped")

    def _wait(self, stop_event: threading.Event) -> None:
        if self._sleep is None:
            stop_event.wait(self.policy.poll_interval)
        else:
            self._sleep(self.policy.poll_interval)

    def _now(self) -> datetime:
        return as_utc(self._clock())

    def _attempt(self, claim: OutboxEntryView) -> None:
        if self._now() >= claim.next_attempt_at:
            logger.warning(
                "outbox %s: lease ran out before delivery started; left for the next claim", claim.id
            )
            return
        if claim.attempts > self.policy.max_attempts:  # earlier claims died mid-delivery
            self._done(claim, mark_dead(self._engine, claim, self._gave_up("the relay stopped"), self._now()))
            return
        try:
            receipt = self._registry.get(claim.department).deliver(claim, self._client)
        except Rejected as error:
            self._done(claim, mark_rejected(self._engine, claim, error.reason, self._now()))
        except Retryable as error:
            self._retry(claim, error.reason, error.retry_after)
        except UnknownDepartment as error:
            self._retry(claim, str(error), None)
        except Exception as error:  # a plugin bug must not stop delivery of the other entries
            logger.error("outbox %s: plugin failed with %s", claim.id, _where(error))
            self._retry(claim, f"unexpected error in the delivery plugin ({type(error).__name__})", None)
        else:
            stored = mark_delivered(self._engine, claim, receipt.department_reference, self._now())
            self._done(claim, stored)

    def _retry(self, claim: OutboxEntryView, reason: str, retry_after: float | None) -> None:
        now = self._now()
        if claim.attempts >= self.policy.max_attempts:
            self._done(claim, mark_dead(self._engine, claim, self._gave_up(reason), now))
            return
        delay = retry_delay(claim.attempts, retry_after, self._rng, self.policy)
        stored = mark_retry(self._engine, claim, reason, now + timedelta(seconds=delay), now)
        if stored is None:
            self._lost(claim)
        else:
            logger.info("outbox %s: attempt %s failed, retry in %.1f s", claim.id, claim.attempts, delay)

    def _gave_up(self, reason: str) -> str:
        return f"gave up after {self.policy.max_attempts} attempts: {reason}"

    def _done(self, claim: OutboxEntryView, stored: OutboxEntryView | None) -> None:
        if stored is None:
            self._lost(claim)
            return
        logger.info("outbox %s: %s (%s)", stored.id, stored.status, stored.department)
        if self._on_finished is not None:
            try:
                self._on_finished(stored)
            except Exception as error:  # the outcome is stored; a listener cannot undo it
                logger.error("outbox %s: listener failed with %s", stored.id, _where(error))

    def _lost(self, claim: OutboxEntryView) -> None:
        logger.warning(
            "outbox %s: claim %s was overtaken by another relay; its outcome stands", claim.id, claim.attempts
        )
