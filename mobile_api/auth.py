"""Who is calling: a bearer access token (from MobileTokens) → the citizen it belongs to.

Any router can reuse it: `def confirm(citizen: CurrentCitizen): ...` answers 401 (problem
details with WWW-Authenticate) without a live mobile session, and counts the request against
the token's and the client's rate limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core.services import session_store
from mobile_api.limits import limit_client, limit_token
from mobile_api.problems import ApiProblem

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="MobileBearer",
    description="访问令牌（1 小时有效），由短信验证码或统一身份认证登录获得。Access token from /auth.",
)


@dataclass(frozen=True)
class Citizen:
    """The logged-in citizen; `token` stays server-side (used for logout only)."""

    id: str
    token: str


def current_citizen(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]
) -> Citizen:
    token = credentials.credentials if credentials else ""
    # Mobile access sessions end an hour after login whatever happens (idle == absolute), so
    # there is no idle timer to push forward: reading it costs no database write.
    active = session_store().resolve(token, touch=False) if 0 < len(token) <= 200 else None
    if active is None or active.channel != "mobile" or active.subject_kind != "citizen":
        limit_client(request)  # guessing tokens costs the client's budget
        raise ApiProblem("unauthorized")
    limit_token(token)
    return Citizen(active.subject_id, token)


CurrentCitizen = Annotated[Citizen, Depends(current_citizen)]


def optional_citizen(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]
) -> Citizen | None:
    """The citizen when a bearer token is sent (a bad one is still refused), else None."""
    return current_citizen(request, credentials) if credentials else None


OptionalCitizen = Annotated[Citizen | None, Depends(optional_citizen)]
