"""Who may act at a bank terminal page: a teller's live bank_teller session (HttpOnly cookie)
in a browser paired with a registered, unrevoked bank terminal. Every handler asks here first."""

from __future__ import annotations

import reflex as rx

from core.bank.audit import Desk
from core.identity.permissions import Permission
from shared_ui.session import current_staff, current_terminal

CHANNEL = "bank_teller"
HOME_ROUTE = "/bank"
LOGIN_ROUTE = "/bank/login"
REPORT_ROUTE = "/bank/report"
LOGOUT_URL = f"/auth/logout?next={LOGIN_ROUTE}"


def paired_bank_terminal(state: rx.State):
    terminal = current_terminal(state)
    return terminal if terminal is not None and terminal.kind == "bank" else None


def desk_of(
    state: rx.State, permission: Permission = Permission.ASSIST_CUSTOMER, touch: bool = True
) -> Desk | None:
    """The teller at this paired bank terminal, if they may do `permission`; None otherwise."""
    terminal = paired_bank_terminal(state)
    caller = current_staff(state, CHANNEL, touch=touch) if terminal is not None else None
    if caller is None or not caller.principal.can(permission):
        return None
    return Desk(caller.principal.username, caller.principal.display_name, terminal)


def ticket_url(ticket: str) -> str:
    return f"/auth/complete?ticket={ticket}&next={HOME_ROUTE}"
