"""The shared Redis connection used at scale (REDIS_URL): one-time nonces and rate limits live
there so every worker sees the same ones. Empty REDIS_URL: the database keeps them (embedded
default)."""

from __future__ import annotations

from functools import lru_cache

import redis

from core.settings import get_settings


@lru_cache(maxsize=4)
def redis_client(url: str) -> redis.Redis:
    # Short timeouts: a Redis outage must fail a request quickly, not hang a worker.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)


def configured_redis() -> redis.Redis | None:
    url = get_settings().redis_url
    return redis_client(url) if url else None


def redis_prefix(purpose: str) -> str:
    return f"{get_settings().redis_prefix}{purpose}:"
