"""Every bank terminal page module; importing this registers them."""

from bank_terminal.pages import desk, login, report

ALL_PAGE_MODULES = (desk, login, report)
