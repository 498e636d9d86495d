"""Who may use the kiosk screens: only a browser paired with a live kiosk terminal (the
HttpOnly terminal cookie), and, for personal data, the citizen signed in on that terminal."""

from __future__ import annotations

import reflex as rx

from core.identity.terminals import Terminal
from shared_ui.session import current_terminal


def paired_kiosk(state: rx.State) -> Terminal | None:
    """The kiosk terminal this browser is paired with; None for any other browser, a bank
    terminal or a revoked kiosk. Asked by every kiosk handler: page guards are not security."""
    terminal = current_terminal(state)
    return terminal if terminal is not None and terminal.kind == "kiosk" else None
