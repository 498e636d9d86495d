"""The page shell every citizen page shares (skip link, banner, main landmark, footer) and the
frame the staff shells of the editor and the bank terminal use too."""

from __future__ import annotations

from typing import Any

import reflex as rx

from shared_ui.components.links import link
from shared_ui.i18n import UiState, elderly_toggle, is_english, language_switch, msg


def site_header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            link(
                rx.el.span("平顶山", class_name="brand-city"),
                rx.el.span(msg("One-Network Services"), class_name="brand-name"),
                href="/",
                class_name="brand",
            ),
            rx.el.nav(
                link(msg("Home"), href="/", class_name="nav-link"),
                link(msg("Life events"), href="/life", class_name="nav-link"),
                link(msg("Departments"), href="/departments", class_name="nav-link"),
                link(msg("My applications"), href="/applications", class_name="nav-link"),
                link(msg("My account"), href="/account", class_name="nav-link"),
                aria_label=msg("Main navigation"),
                class_name="site-nav",
            ),
            rx.el.div(language_switch(), elderly_toggle(), class_name="tools"),
            class_name="header-inner",
        ),
        class_name="site-header",
    )


def site_footer() -> rx.Component:
    return rx.el.footer(
        rx.el.p(msg("Government service hotline: 12345")),
        rx.el.p(msg("Pingdingshan Government Services and Big Data Bureau")),
        class_name="site-footer",
    )


def app_frame(
    header: rx.Component, *children: rx.Component, footer: rx.Component | None = None, class_name: Any
) -> rx.Component:
    """What frames a page on every staffed or citizen screen: skip link, banner, main landmark,
    an optional footer, and the page's language."""
    return rx.el.div(
        rx.el.a(msg("Skip to main content"), href="#main", class_name="skip-link"),
        header,
        rx.el.main(*children, id="main", tab_index=-1, class_name="main"),
        *([footer] if footer is not None else []),
        class_name=class_name,
        lang=rx.cond(is_english(), "en", "zh-CN"),
    )


def page_shell(*children: rx.Component) -> rx.Component:
    return app_frame(
        site_header(),
        *children,
        footer=site_footer(),
        class_name=rx.cond(UiState.elderly == "1", "app elderly", "app"),
    )


def loading_or(ready: rx.Var[bool], missing: rx.Var[bool], *children: rx.Component) -> rx.Component:
    """Content once loaded; a clear message for an unknown code instead of a blank page."""
    return rx.cond(
        missing,
        rx.el.section(
            rx.el.h1(msg("Not found")),
            rx.el.p(msg("We could not find this page. It may have been renamed or withdrawn.")),
            link(msg("Back to the home page"), href="/", class_name="button"),
            class_name="panel",
        ),
        rx.cond(ready, rx.fragment(*children), rx.el.p(msg("Loading…"), class_name="muted")),
    )
