"""The bank terminal's page shell: skip link, a banner naming the service and the branch,
the main landmark. No citizen navigation: this screen faces a teller and a customer."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.layout import app_frame
from shared_ui.i18n import language_switch, msg


def bank_header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.p(
                rx.el.span("平顶山", class_name="brand-city"),
                rx.el.span(msg("Government services at your bank"), class_name="brand-name"),
                class_name="brand",
            ),
            rx.el.div(language_switch(), class_name="tools"),
            class_name="header-inner",
        ),
        class_name="site-header bank-header",
    )


def bank_shell(*children: rx.Component) -> rx.Component:
    return app_frame(bank_header(), *children, class_name="app bank")
