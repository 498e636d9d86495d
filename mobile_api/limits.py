"""Rate limits per client (address) and per access token, in core's limiter (this process's
memory by default, Redis at scale). Keys are pseudonyms: no address or token is stored.
The budgets are settings: YIWANG_LIMIT_MOBILE_PER_CLIENT_MINUTE and _PER_TOKEN_MINUTE."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request

from core.audit import pseudonym
from core.ratelimit import RateLimited
from core.services import rate_limiter
from core.settings import get_settings
from mobile_api.problems import ApiProblem

MINUTE = timedelta(minutes=1)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _hit(key: str, limit: int) -> None:
    try:
        rate_limiter().hit(key, limit, MINUTE)
    except RateLimited as limited:
        raise ApiProblem("too_many_requests", retry_after=max(1, limited.retry_after)) from limited


def limit_client(request: Request) -> None:
    """Dependency: count this request against its client's budget."""
    _hit(
        f"mobile:client:{pseudonym(client_address(request), 'client')[:40]}",
        get_settings().limits.mobile_per_client_minute,
    )


def limit_token(token: str) -> None:
    _hit(f"mobile:token:{pseudonym(token, 'token')[:40]}", get_settings().limits.mobile_per_token_minute)
