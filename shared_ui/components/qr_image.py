"""QR codes as figures: an image with its label and a caption saying what scanning does; the
scan-to-apply code with its URL written out for those who cannot scan, and an application's
status code."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import msg


def qr_figure(
    svg: rx.Var[str],
    label: rx.Var[str] | rx.Component,
    *caption: rx.Var | rx.Component | str,
    class_name: str = "qr-figure",
    element_id: str | None = None,
    image_id: str | None = None,
) -> rx.Component:
    image_props = {"id": image_id} if image_id else {}
    figure_props = {"id": element_id} if element_id else {}
    return rx.el.figure(
        rx.html(svg, class_name="qr", role="img", aria_label=label, **image_props),
        rx.el.figcaption(*caption),
        class_name=class_name,
        **figure_props,
    )


def qr_image(svg: rx.Var[str], url: rx.Var[str]) -> rx.Component:
    return qr_figure(
        svg,
        msg("QR code to open this service on a phone or kiosk"),
        msg("Scan to open this service on your phone or at a kiosk"),
        rx.el.br(),
        rx.el.code(url),
        element_id="scan-code",
    )


def status_qr(svg: rx.Var[str], placement: str) -> rx.Component:
    """An application's status code, to follow it on a phone; `placement` is a layout class."""
    return qr_figure(
        svg,
        msg("Status code"),
        msg("Scan to follow this application on your phone"),
        class_name=f"qr-figure {placement}",
    )
