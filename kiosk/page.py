"""The kiosk page at /kiosk: one full-screen page whose screens change with the person's
touches and scans."""

from __future__ import annotations

import reflex as rx

from kiosk.apply_screens import apply_screen, check_screen, receipt_screen
from kiosk.chrome import notice
from kiosk.enrol_screen import enrol_screen
from kiosk.registry import kiosk_page
from kiosk.screens import attract_screen, guide_screen, life_events_screen, list_screen, start_screen
from kiosk.state import KioskState
from shared_ui.i18n import msg

ROUTE = "/kiosk"
TITLE = "自助服务 · Self-service kiosk"


def _unpaired() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("This screen is not a kiosk")),
        rx.el.p(msg("Only a kiosk terminal paired by its device agent can show the self-service screens.")),
        class_name="panel",
    )


def _screens() -> rx.Component:
    return rx.match(
        KioskState.screen,
        ("start", start_screen()),
        ("enrol", enrol_screen()),
        ("life_events", life_events_screen()),
        ("list", list_screen()),
        ("guide", guide_screen()),
        ("apply", apply_screen()),
        ("check", check_screen()),
        ("receipt", receipt_screen()),
        attract_screen(),
    )


@kiosk_page(ROUTE, title=TITLE, on_load=KioskState.load_kiosk)
def page() -> rx.Component:
    return rx.cond(
        KioskState.paired,
        rx.fragment(notice(), _screens()),
        rx.cond(KioskState.loaded, _unpaired(), rx.el.p(msg("Loading…"), class_name="muted")),
    )
