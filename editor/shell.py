"""The back-office page shell: skip link, banner naming the back office, main landmark,
footer. Kept apart from the citizen shell so no citizen navigation appears to staff."""

from __future__ import annotations

import reflex as rx

from editor.access import HOME_ROUTE
from shared_ui.components.layout import app_frame
from shared_ui.components.links import link
from shared_ui.i18n import language_switch, msg


def editor_header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            link(
                rx.el.span("平顶山", class_name="brand-city"),
                rx.el.span(msg("Service guide back office"), class_name="brand-name"),
                href=HOME_ROUTE,
                class_name="brand",
            ),
            rx.el.nav(
                link(msg("Work list"), href=HOME_ROUTE, class_name="nav-link"),
                link(msg("Bundle builder"), href=f"{HOME_ROUTE}/bundles/new", class_name="nav-link"),
                link(msg("Content blocks"), href=f"{HOME_ROUTE}/blocks", class_name="nav-link"),
                aria_label=msg("Back office navigation"),
                class_name="site-nav",
            ),
            rx.el.div(language_switch(), class_name="tools"),
            class_name="header-inner",
        ),
        class_name="site-header editor-header",
    )


def editor_footer() -> rx.Component:
    return rx.el.footer(
        rx.el.p(msg("For staff of the Pingdingshan Government Services and Big Data Bureau only.")),
        class_name="site-footer",
    )


def editor_shell(*children: rx.Component) -> rx.Component:
    return app_frame(editor_header(), *children, footer=editor_footer(), class_name="app editor")
