"""The page-template decorator and the list of every PC web page."""

from __future__ import annotations

from shared_ui.components.layout import page_shell
from shared_ui.registry import PageRegistry

CITIZEN_PAGES = PageRegistry(page_shell, "web.pages")
PAGES = CITIZEN_PAGES.pages
citizen_page = CITIZEN_PAGES.page
register = CITIZEN_PAGES.register
