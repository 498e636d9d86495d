"""Self-service kiosk channel: the touch page at /kiosk (scan, ID card, guides, applying, idle
wipe); `register` adds it to an app. kiosk/devices holds the camera, card reader and agent."""

from __future__ import annotations

import reflex as rx


def register(app: rx.App) -> None:
    # Imported here so the device agent (kiosk.devices) does not load the pages.
    from kiosk.registry import register as register_pages

    register_pages(app)


__all__ = ["register"]
