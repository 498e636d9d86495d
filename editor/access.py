"""Who may use the back office: a live staff session started on the editor channel, for an
account that holds the permission. Every handler asks here first; page guards are not security.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import reflex as rx
from reflex.event import EventSpec

from core.identity.permissions import Permission, PermissionDenied, authorize
from core.services import audit_log
from shared_ui.session import StaffCaller, current_staff

CHANNEL = "editor"
HOME_ROUTE = "/editor"
LOGIN_ROUTE = "/editor/login"


class Access(StrEnum):
    NO_SESSION = "no_session"
    DENIED = "denied"
    ALLOWED = "allowed"


@dataclass(frozen=True)
class EditorAccess:
    status: Access
    caller: StaffCaller | None = None

    @property
    def display_name(self) -> str:
        return self.caller.principal.display_name if self.caller else ""


def editor_access(state: rx.State, permission: Permission = Permission.EDIT_GUIDE) -> EditorAccess:
    """Resolve the caller from the session cookie and check the permission (denials are audited)."""
    caller = current_staff(state, CHANNEL)
    if caller is None:
        return EditorAccess(Access.NO_SESSION)
    try:
        authorize(caller.principal, permission, audit_log(), CHANNEL)
    except PermissionDenied:
        return EditorAccess(Access.DENIED, caller)
    return EditorAccess(Access.ALLOWED, caller)


def refusal(access: str) -> EventSpec | None:
    """What a refused handler answers: the login page without a session, nothing when denied."""
    return rx.redirect(LOGIN_ROUTE) if access == Access.NO_SESSION else None


def ticket_url(ticket: str) -> str:
    """Where the browser trades a login ticket for the HttpOnly session cookie."""
    return f"/auth/complete?ticket={ticket}&next={HOME_ROUTE}"


LOGOUT_URL = f"/auth/logout?next={LOGIN_ROUTE}"
EXPIRED_URL = f"{LOGIN_ROUTE}?error=expired"


def expiry_ms(checked: EditorAccess) -> int:
    """When the caller's idle session ends, for the idle warning (0 without a session)."""
    return int(checked.caller.session.expires_at.timestamp() * 1000) if checked.caller else 0
