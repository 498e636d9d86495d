"""A kiosk terminal registered in the running app, and a browser paired with it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect


@pytest.fixture
def kiosk(register_terminal):
    return register_terminal("kiosk")


@pytest.fixture
def kiosk_page(page: Page, kiosk) -> Page:
    page.goto(kiosk.pair_url())
    expect(page).to_have_url(re.compile(r"/kiosk/?$"))
    expect(page.get_by_role("heading", name="自助办事：点几下就能办")).to_be_visible()
    return page
