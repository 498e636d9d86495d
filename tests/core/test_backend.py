"""The suite really runs on the database it was asked for: `make test` runs it on SQLite and
again with YIWANG_TEST_BACKEND=postgresql."""

import os

from sqlalchemy import inspect

from core.db import get_engine


def test_the_database_is_the_requested_backend_and_migrated(database_url: str) -> None:
    engine = get_engine(database_url)
    assert engine.dialect.name == os.environ.get("YIWANG_TEST_BACKEND", "sqlite")
    tables = set(inspect(engine).get_table_names())
    assert {"application", "outbox_entry", "terminal_event", "alembic_version"} <= tables


def test_services_keep_nonces_and_limits_where_the_layout_says(seeded_env: str) -> None:
    from core.identity.nonces import RedisNonceStore, SqlNonceStore
    from core.ratelimit import InMemoryRateLimiter, RedisRateLimiter
    from core.services import nonce_store, rate_limiter

    scaled = os.environ.get("YIWANG_TEST_BACKEND") == "postgresql"
    assert isinstance(nonce_store(), RedisNonceStore if scaled else SqlNonceStore)
    assert isinstance(rate_limiter(), RedisRateLimiter if scaled else InMemoryRateLimiter)
