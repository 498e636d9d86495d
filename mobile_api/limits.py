"""Rate limits per client (address) and per access token, in core's limiter (database now,
Redis at scale). Keys are pseudonyms: no address or token is stored."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from fastapi import Request

from core.audit import pseudonym
from core.db import get_engine
from core.ratelimit import RateLimited, RateLimiter
from core.settings import get_settings
from mobile_api.problems import ApiProblem

MINUTE = timedelta(minutes=1)
PER_CLIENT = 240  # a busy household behind one NAT still fits
PER_TOKEN = 120


@lru_cache(maxsize=4)
def _limiter(database_url: str) -> RateLimiter:
    return RateLimiter(get_engine(database_url))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _hit(key: str, limit: int) -> None:
    try:
        _limiter(get_settings().database_url).hit(key, limit, MINUTE)
    except RateLimited as limited:
        raise ApiProblem("too_many_requests", retry_after=max(1, limited.retry_after)) from limited


def limit_client(request: Request) -> None:
    """Dependency: count this request against its client's budget."""
    _hit(f"mobile:client:{pseudonym(client_address(request), 'client')[:40]}", PER_CLIENT)


def limit_token(token: str) -> None:
    _hit(f"mobile:token:{pseudonym(token, 'token')[:40]}", PER_TOKEN)
