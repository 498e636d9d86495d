"""Turning a verified login into an HttpOnly session cookie, and clearing it on logout.

Reflex handlers cannot set HttpOnly cookies, so a login handler issues a one-minute,
single-use ticket and sends the browser here; the cookie never reaches page JavaScript.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from core.services import session_store
from core.settings import get_settings
from shared_ui.session import EDITOR_SESSION_COOKIE, SESSION_COOKIE, cookie_name

SAFE_NEXT = ("/account", "/", "/editor", "/bank")
# where logout may go -> the cookie of the session it ends
SAFE_AFTER_LOGOUT = {
    "/": SESSION_COOKIE,
    "/editor/login": EDITOR_SESSION_COOKIE,
    "/bank/login": SESSION_COOKIE,
}


def _safe_next(target: str) -> str:
    """Only our own pages: never an open redirect."""
    return target if target in SAFE_NEXT or target.startswith("/item/") else "/account"


def _login_page(target: str) -> str:
    """Where a refused ticket starts over: the login page of the channel it was going to."""
    return {"/editor": "/editor/login", "/bank": "/bank/login"}.get(target, "/login")


def create_auth_router() -> APIRouter:
    router = APIRouter(prefix="/auth")

    @router.get("/complete", include_in_schema=False)
    def complete_login(ticket: str = "", next: str = "/account") -> RedirectResponse:
        started = session_store().redeem_ticket(ticket)
        if started is None:
            return RedirectResponse(f"{_login_page(next)}?error=ticket", status_code=303)
        token, active = started
        response = RedirectResponse(_safe_next(next), status_code=303)
        # A browser-session cookie: the server-side session decides when it ends.
        response.set_cookie(
            cookie_name(active.channel),
            token,
            httponly=True,
            samesite="lax",
            path="/",
            secure=get_settings().secure_cookies,
        )
        return response

    @router.get("/logout", include_in_schema=False)
    def logout(request: Request, next: str = "/") -> RedirectResponse:
        """Ends the session of the channel being left (the editor's or the citizen's) only."""
        target = next if next in SAFE_AFTER_LOGOUT else "/"
        cookie = SAFE_AFTER_LOGOUT[target]
        session_store().end(request.cookies.get(cookie, ""))
        response = RedirectResponse(target, status_code=303)
        response.delete_cookie(cookie, path="/")
        return response

    return router
