"""The back-office page decorator and the list of every editor page."""

from __future__ import annotations

from editor.shell import editor_shell
from shared_ui.registry import PageRegistry

EDITOR_PAGES = PageRegistry(editor_shell, "editor.pages", prefix="editor_")
PAGES = EDITOR_PAGES.pages
editor_page = EDITOR_PAGES.page
register = EDITOR_PAGES.register
