"""The kiosk's page decorator: its one page, framed by the kiosk shell."""

from __future__ import annotations

from kiosk.chrome import kiosk_shell
from shared_ui.registry import PageRegistry

KIOSK_PAGES = PageRegistry(kiosk_shell, "kiosk.page", prefix="kiosk_")
PAGES = KIOSK_PAGES.pages
kiosk_page = KIOSK_PAGES.page
register = KIOSK_PAGES.register
