"""Single-use nonces: a value is accepted once until it expires, then may be purged.

Used by e-ID and draft handoff codes (one scan each) and by terminal request signatures
(one request per nonce within the clock-skew window). Consuming is one atomic statement, so
two workers scanning the same code at the same moment cannot both succeed.

A store that may lose what it knew (Redis restarted without persistence) fails closed: it
remembers since when it knows (its epoch) and refuses a nonce issued before then, because that
nonce may have been used before the loss. The caller asks for a new code or re-signs.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Protocol

import redis
from sqlalchemy import Column, DateTime, Engine, delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from core.clock import Clock, as_utc, utcnow  # noqa: F401 - re-exported for callers


class UsedNonce(SQLModel, table=True):
    __tablename__ = "used_nonce"
    # Namespaced by the caller: "code:<nonce>" or "term:<terminal id>:<nonce>".
    nonce: str = Field(primary_key=True, max_length=200)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))


class NoncesForgotten(Exception):
    """The store cannot vouch for this nonce: it was issued before the store last lost its data."""


class NonceStore(Protocol):
    def consume(
        self, nonce: str, expires_at: datetime, now: datetime, issued_at: datetime | None = None
    ) -> bool:
        """True the first time `nonce` is seen (it is then kept until `expires_at`), False on a replay.
        Raises NoncesForgotten when `issued_at` is before the store's memory begins."""
        ...

    def purge_expired(self, now: datetime) -> int:
        """Forget nonces whose expiry has passed; returns how many."""
        ...


class InMemoryNonceStore:
    """For tests and a single-process demo; not shared between workers."""

    def __init__(self) -> None:
        self._seen: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def consume(
        self, nonce: str, expires_at: datetime, now: datetime, issued_at: datetime | None = None
    ) -> bool:
        with self._lock:
            known = self._seen.get(nonce)
            if known is not None and known > as_utc(now):
                return False
            self._seen[nonce] = as_utc(expires_at)
            return True

    def purge_expired(self, now: datetime) -> int:
        with self._lock:
            old = [nonce for nonce, expiry in self._seen.items() if expiry <= as_utc(now)]
            for nonce in old:
                del self._seen[nonce]
            return len(old)

    def __len__(self) -> int:
        return len(self._seen)


class SqlNonceStore:
    """The used_nonce table: the primary key makes a second insert of the same nonce fail."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def consume(
        self, nonce: str, expires_at: datetime, now: datetime, issued_at: datetime | None = None
    ) -> bool:
        expires_at, now = as_utc(expires_at), as_utc(now)
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(UsedNonce).values(nonce=nonce, expires_at=expires_at))
            return True
        except IntegrityError:
            pass
        # The nonce is known. Only a row that has expired but was not purged yet may be taken
        # over, and only by one caller: the conditional UPDATE is a single atomic statement.
        with self._engine.begin() as connection:
            result = connection.execute(
                update(UsedNonce)
                .where(UsedNonce.nonce == nonce, UsedNonce.expires_at <= now)
                .values(expires_at=expires_at)
            )
            return result.rowcount == 1

    def purge_expired(self, now: datetime) -> int:
        with self._engine.begin() as connection:
            result = connection.execute(delete(UsedNonce).where(UsedNonce.expires_at <= as_utc(now)))
            return result.rowcount


# One atomic step: refuse what predates the epoch, then SET NX PX. -2: the epoch is unknown.
# Issue times and the epoch are whole seconds, so a nonce of the epoch's own second is refused too.
_CONSUME = """
local epoch = redis.call('GET', KEYS[1])
if not epoch then return -2 end
if tonumber(ARGV[1]) <= tonumber(epoch) then return -1 end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return 1 end
return 0
"""


def redis_started_ms(client: redis.Redis) -> int:
    """When this Redis server started (its own clock): what it knows begins then."""
    seconds, _micros = client.time()
    return (int(seconds) - int(client.info("server")["uptime_in_seconds"])) * 1000


class RedisNonceStore:
    """At scale: shared by every worker; Redis forgets a nonce when it expires, so there is
    nothing to purge. Redis may keep nothing on disk, so a restart forgets the nonces still
    inside their window. The store's epoch is the server's start time (kept in a key without
    TTL once read), and a nonce issued before it is refused (NoncesForgotten), not trusted."""

    def __init__(self, client: redis.Redis, prefix: str = "yw:nonce:", started_ms=redis_started_ms) -> None:
        self._redis = client
        self._prefix = prefix
        self._started_ms = started_ms
        self._consume = client.register_script(_CONSUME)

    def consume(
        self, nonce: str, expires_at: datetime, now: datetime, issued_at: datetime | None = None
    ) -> bool:
        now = as_utc(now)
        ttl_ms = max(1, int((as_utc(expires_at) - now).total_seconds() * 1000))
        if issued_at is None:  # no issue time to weigh against the epoch
            return bool(self._redis.set(self._prefix + nonce, b"1", nx=True, px=ttl_ms))
        issued = _ms(as_utc(issued_at))
        keys = [self._prefix + "@epoch", self._prefix + nonce]
        answer = int(self._consume(keys=keys, args=[issued, ttl_ms]))
        if answer == -2:  # first use since Redis started (or its keys were lost)
            self._redis.set(keys[0], self._started_ms(self._redis), nx=True)
            answer = int(self._consume(keys=keys, args=[issued, ttl_ms]))
        if answer < 0:
            raise NoncesForgotten(nonce)
        return answer == 1

    def purge_expired(self, now: datetime) -> int:
        return 0


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def make_nonce_store(engine: Engine, client: redis.Redis | None, prefix: str = "yw:nonce:") -> NonceStore:
    """Redis when the deployment has one (shared by all workers), else the database."""
    return RedisNonceStore(client, prefix) if client is not None else SqlNonceStore(engine)
