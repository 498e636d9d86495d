"""Who is calling a Reflex handler: the server-side session named by the HttpOnly cookie
the browser sent when its websocket connected. Page guards are not security; every
handler that touches personal data asks this first."""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from core.identity.permissions import StaffPrincipal
from core.identity.sessions import ActiveSession
from core.identity.terminals import Terminal
from core.services import session_store, staff_accounts, terminal_registry

SESSION_COOKIE = "yiwang_session"
TERMINAL_COOKIE = "yiwang_terminal"
# The back office has its own cookie, so logging in to /editor in a browser that also holds
# a citizen session replaces neither; other channels keep the shared name.
EDITOR_SESSION_COOKIE = "yiwang_editor_session"
CHANNEL_COOKIES = {"editor": EDITOR_SESSION_COOKIE}


def cookie_name(channel: str) -> str:
    return CHANNEL_COOKIES.get(channel, SESSION_COOKIE)


def _cookie(state: rx.State, name: str) -> str:
    raw = state.router.headers.cookie or ""
    try:
        jar = SimpleCookie(raw)
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def session_token(state: rx.State, cookie: str = SESSION_COOKIE) -> str:
    return _cookie(state, cookie)


def current_terminal(state: rx.State) -> Terminal | None:
    """The kiosk or bank terminal this browser was paired with (`yiwang kiosk-agent` pairs it),
    or None for an ordinary browser or a revoked terminal."""
    active = session_store().resolve(_cookie(state, TERMINAL_COOKIE))
    if active is None or active.subject_kind != "terminal":
        return None
    terminal = terminal_registry().get(active.subject_id)
    return None if terminal is None or terminal.revoked else terminal


def current_session(
    state: rx.State, kind: str = "citizen", touch: bool = True, cookie: str = SESSION_COOKIE
) -> ActiveSession | None:
    """The caller's live session of the given kind, or None."""
    active = session_store().resolve(session_token(state, cookie), touch=touch)
    return active if active is not None and active.subject_kind == kind else None


@dataclass(frozen=True)
class StaffCaller:
    session: ActiveSession
    principal: StaffPrincipal


def current_staff(state: rx.State, channel: str, touch: bool = True) -> StaffCaller | None:
    """The calling staff member, only for a live staff session started on this channel and an
    account that still exists and is not disabled."""
    active = current_session(state, kind="staff", touch=touch, cookie=cookie_name(channel))
    if active is None or active.channel != channel:
        return None
    principal = staff_accounts().principal(active.subject_id)
    return None if principal is None else StaffCaller(active, principal)


def client_key(state: rx.State) -> str:
    """What identifies the calling client for rate limits (address, then Reflex token)."""
    return state.router.session.client_ip or state.router.session.client_token or "unknown"


def route_arg(state: rx.State, name: str) -> str:
    """A dynamic segment of the page's route (`code` of `/item/[code]`), read where Reflex's own
    route vars read it. `router.page` logs a deprecation on every call, and finding the caller's
    frame for it was most of /item's event time under load."""
    return str(state.rx_router_page.params.get(name, ""))
