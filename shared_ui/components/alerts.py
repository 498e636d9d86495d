"""A coded message shown as an alert: the code a state holds, said in the reader's language."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import msg


def coded_text(
    code: rx.Var[str], messages: dict[str, str], fallback: rx.Component | str = ""
) -> rx.Component:
    """The translated message for `code`; `fallback` for a code `messages` does not know."""
    return rx.match(code, *((key, msg(text)) for key, text in messages.items()), fallback)


def coded_alert(
    code: rx.Var[str],
    messages: dict[str, str],
    fallback: rx.Component | str = "",
    element_id: str | None = None,
) -> rx.Component:
    """An error paragraph with role=alert while `code` is set, nothing while it is empty."""
    props = {"id": element_id} if element_id else {}
    return rx.cond(
        code != "",
        rx.el.p(coded_text(code, messages, fallback), role="alert", class_name="error", **props),
        "",
    )
