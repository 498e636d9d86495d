"""Who is calling a Reflex handler: the server-side session named by the HttpOnly cookie
the browser sent when its websocket connected. Page guards are not security; every
handler that touches personal data asks this first."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

import reflex as rx

from core.identity.sessions import ActiveSession
from core.services import session_store

SESSION_COOKIE = "yiwang_session"


def session_token(state: rx.State) -> str:
    raw = state.router.headers.cookie or ""
    try:
        jar = SimpleCookie(raw)
    except CookieError:
        return ""
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else ""


def current_session(state: rx.State, kind: str = "citizen", touch: bool = True) -> ActiveSession | None:
    """The caller's live session of the given kind, or None."""
    active = session_store().resolve(session_token(state), touch=touch)
    return active if active is not None and active.subject_kind == kind else None


def client_key(state: rx.State) -> str:
    """What identifies the calling client for rate limits (address, then Reflex token)."""
    return state.router.session.client_ip or state.router.session.client_token or "unknown"
