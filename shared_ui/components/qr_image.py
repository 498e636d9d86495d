"""A scan-to-apply QR code with its URL written out for those who cannot scan."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import msg


def qr_image(svg: rx.Var[str], url: rx.Var[str]) -> rx.Component:
    return rx.el.figure(
        rx.html(
            svg,
            class_name="qr",
            role="img",
            aria_label=msg("QR code to open this service on a phone or kiosk"),
        ),
        rx.el.figcaption(
            msg("Scan to open this service on your phone or at a kiosk"),
            rx.el.br(),
            rx.el.code(url),
        ),
        class_name="qr-figure",
        id="scan-code",
    )
