"""A Redis restart (no persistence) forgets used nonces still inside their window. Codes and
signed terminal requests issued before it are then refused, never accepted a second time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from core.identity.codes import CodeError, CodeVerifier, KeyRing, issue_eid_code
from core.identity.nonces import RedisNonceStore
from core.identity.terminals import TerminalAuthError, TerminalRegistry, sign_request

T0 = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
CITIZEN = "c-7f3a"
PATH, BODY = "/terminal/v1/events", b'{"kind": "qr", "text": "x"}'


class RestartableRedis:
    """A Redis namespace whose restart (no persistence) is simulated: keys gone, new start time."""

    def __init__(self, client, prefix: str) -> None:
        self.client, self.prefix = client, prefix
        self.started = T0 - timedelta(days=1)

    def started_ms(self, _client) -> int:
        return int(self.started.timestamp() * 1000)

    def restart(self, at: datetime) -> None:
        for key in self.client.scan_iter(f"{self.prefix}*"):
            self.client.delete(key)
        self.started = at


@pytest.fixture
def redis_server(redis_namespace) -> RestartableRedis:
    return RestartableRedis(*redis_namespace)


@pytest.fixture
def store(redis_server: RestartableRedis) -> RedisNonceStore:
    return RedisNonceStore(redis_server.client, redis_server.prefix, started_ms=redis_server.started_ms)


def test_a_used_code_is_not_accepted_again_after_a_restart(redis_server, store) -> None:
    ring = KeyRing.parse("", "a-secret-key-for-tests-only-0123")
    now = [T0]
    verifier = CodeVerifier(store, lambda: now[0], ring=ring)
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    verifier.verify(payload, "kiosk")
    redis_server.restart(T0 + timedelta(seconds=30))
    now[0] = T0 + timedelta(seconds=40)  # still valid for minutes
    with pytest.raises(CodeError) as refused:
        verifier.verify(payload, "kiosk")
    assert refused.value.code == "expired" and "restart" in str(refused.value)
    fresh = issue_eid_code(CITIZEN, now[0], ring=ring).payload
    assert verifier.verify(fresh, "kiosk").subject == CITIZEN


def test_a_signed_terminal_request_is_not_accepted_again_after_a_restart(
    redis_server, store, engine: Engine
) -> None:
    registry = TerminalRegistry(engine, store, secret_key="terminal-secret-for-tests-0123456")
    new = registry.register("kiosk", "新华区政务服务大厅", "kiosk-01", now=T0 - timedelta(days=1))
    headers = sign_request(new.terminal.id, new.key, "POST", PATH, BODY, T0)
    registry.verify_request("POST", PATH, BODY, headers, T0)
    redis_server.restart(T0 + timedelta(seconds=3))
    with pytest.raises(TerminalAuthError) as refused:
        registry.verify_request("POST", PATH, BODY, headers, T0 + timedelta(seconds=5))
    assert refused.value.code == "replayed"
    later = T0 + timedelta(seconds=6)
    resigned = sign_request(new.terminal.id, new.key, "POST", PATH, BODY, later)
    assert registry.verify_request("POST", PATH, BODY, resigned, later).id == "kiosk-01"
