"""The bank terminal's page decorator and the list of its pages."""

from __future__ import annotations

from bank_terminal.shell import bank_shell
from shared_ui.registry import PageRegistry

BANK_PAGES = PageRegistry(bank_shell, "bank_terminal.pages", prefix="bank_")
PAGES = BANK_PAGES.pages
bank_page = BANK_PAGES.page
register = BANK_PAGES.register
