"""What a back-office page shows by who is calling: its body to an allowed editor, a refusal to
an account without the permission, and "Loading…" until the first handler has checked."""

from __future__ import annotations

import reflex as rx

from editor.access import Access
from shared_ui.i18n import N_, msg

NOT_ALLOWED = N_("Your account is not allowed to edit the service guide.")


def not_allowed(text: str = NOT_ALLOWED) -> rx.Component:
    return rx.el.p(msg(text), role="alert", class_name="error", id="not-allowed")


def access_gate(
    access: rx.Var[str], allowed: rx.Component, denied: rx.Component | None = None
) -> rx.Component:
    return rx.match(
        access,
        (Access.ALLOWED.value, allowed),
        (Access.DENIED.value, denied if denied is not None else not_allowed()),
        rx.el.p(msg("Loading…"), class_name="muted"),
    )
