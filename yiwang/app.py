"""The Reflex app serving every channel on one port (PC web, the kiosk and the editor back office) plus plain
HTTP routes."""

from __future__ import annotations

import reflex as rx

import editor
import kiosk
import web
from bank_terminal.registry import register as register_bank
from core.applications.commitment_terms import default_terms
from core.applications.decisions import default_rulebook
from yiwang.http_app import create_http_app

# Runs before hydration so a visitor who chose English gets the right <html lang> at once.
_LANG_BOOT = (
    "try{if(localStorage.getItem('yiwang_lang')==='en'){document.documentElement.lang='en'}}catch(e){}"
)

app = rx.App(
    html_lang="zh-CN",
    stylesheets=["/yiwang.css", "/kiosk.css"],
    head_components=[rx.script(_LANG_BOOT)],
    api_transformer=create_http_app(),
)
web.register(app)
editor.register(app)
register_bank(app)
kiosk.register(app)


@app.register_lifespan_task
def read_rule_files() -> None:
    """Each worker reads the decision rules and commitment terms before it serves, not inside
    its first submissions (they take a second or more and hold the GIL)."""
    default_rulebook()
    default_terms()
