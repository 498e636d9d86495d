"""The list of bundles or content blocks being edited, for the pages that put them through
review (their review panel is the guide editor's workflow_panel)."""

from __future__ import annotations

import reflex as rx

from editor.components import STATUS_LABELS
from shared_ui.i18n import msg


def _entry(state: type[rx.State], entry) -> rx.Component:
    return rx.el.li(
        rx.el.code(entry.key),
        " · ",
        rx.match(entry.status, *((k, msg(v)) for k, v in STATUS_LABELS.items()), entry.status),
        rx.cond(entry.flagged, rx.el.span(" · ", msg("Published without review")), ""),
        " ",
        rx.el.button(msg("Open"), on_click=state.open_entry(entry.key), class_name="link-button"),
    )


def entry_list(state: type[rx.State]) -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Being edited"), id="entries-heading"),
        rx.el.ul(rx.foreach(state.entries, lambda e: _entry(state, e)), id="entries"),
        aria_labelledby="entries-heading",
        class_name="panel",
    )
