"""The search form residents type their own words into."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import msg


def search_box(on_submit: rx.EventHandler, value: rx.Var[str] | str = "", big: bool = False) -> rx.Component:
    return rx.el.form(
        rx.el.label(msg("What do you need to do?"), html_for="search-q", class_name="search-label"),
        rx.el.div(
            rx.el.input(
                id="search-q",
                name="q",
                type="search",
                default_value=value,
                key=value,
                placeholder=msg("e.g. my ID card is lost, housing fund for rent, 办准生证"),
                auto_complete="off",
                class_name="search-input",
                max_length=100,
            ),
            rx.el.button(msg("Search"), type="submit", class_name="button primary"),
            class_name="search-row",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        role="search",
        class_name="search-box big" if big else "search-box",
    )
