"""Logging in through the province's unified identity service (OpenID Connect) on the PC web.

`/auth/oidc/start` sends the browser to the provider with a fresh state, which is also kept
in a short-lived HttpOnly cookie: a callback completes only in the browser that started it,
so nobody can log a victim into the attacker's account (login CSRF). `/auth/oidc/callback`
redeems the code and hands over to `/auth/complete` with a one-time ticket, exactly as the
SMS login does, which sets the session cookie.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from core.identity.oidc import OidcError
from core.identity.oidc_states import STATE_TTL
from core.services import oidc_login, session_store
from core.settings import get_settings

STATE_COOKIE = "yiwang_oidc_state"
COOKIE_PATH = "/auth/oidc"
FAILED = "/login?error=oidc"


def _failed() -> RedirectResponse:
    response = RedirectResponse(FAILED, status_code=303)
    response.delete_cookie(STATE_COOKIE, path=COOKIE_PATH)
    return response


def _same_browser(request: Request, state: str) -> bool:
    expected = request.cookies.get(STATE_COOKIE, "")
    return bool(expected) and hmac.compare_digest(expected.encode(), state.encode())


def create_oidc_router() -> APIRouter:
    router = APIRouter(prefix="/auth/oidc")

    @router.get("/start", include_in_schema=False)
    def start_oidc_login() -> RedirectResponse:
        try:
            url, state = oidc_login().start()
        except OidcError:
            return _failed()
        response = RedirectResponse(url, status_code=303)
        response.set_cookie(
            STATE_COOKIE,
            state,
            max_age=int(STATE_TTL.total_seconds()),
            httponly=True,
            samesite="lax",  # sent on the provider's top-level redirect back, not on cross-site posts
            path=COOKIE_PATH,
            secure=get_settings().secure_cookies,
        )
        return response

    @router.get("/callback", include_in_schema=False)
    def complete_oidc_login(request: Request, code: str = "", state: str = "") -> RedirectResponse:
        if not code or not _same_browser(request, state):  # also: the resident cancelled (error=…)
            return _failed()
        try:
            result = oidc_login().finish(code, state, "pc")
        except OidcError:
            return _failed()
        ticket = session_store().issue_ticket("citizen", result.citizen_id, "pc")
        response = RedirectResponse(
            f"/auth/complete?{urlencode({'ticket': ticket, 'next': '/account'})}", status_code=303
        )
        response.delete_cookie(STATE_COOKIE, path=COOKIE_PATH)
        return response

    return router
