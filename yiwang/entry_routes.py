"""HTTP routes served beside the Reflex pages on the same port.

`/s/<code>` is the stable scan-to-apply entry printed on posters, guides and receipts: it
redirects to whatever page shows that item or bundle today.
"""

from __future__ import annotations

import html

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse

from core.services import guide_service

ENTRY_PAGES = {"item": "/item/{code}", "bundle": "/bundle/{code}"}


def unknown_code_page(code: str) -> str:
    shown = html.escape(code[:40])
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>二维码无效 · Unknown code</title></head><body><main>"
        f"<h1>这个二维码对应的事项不存在或已下线（{shown}）</h1>"
        f'<p lang="en">This code ({shown}) does not open any current service.</p>'
        '<p><a href="/">返回首页 · Home</a></p></main></body></html>'
    )


def create_entry_router() -> APIRouter:
    router = APIRouter()

    @router.get("/s/{code}", include_in_schema=False)
    def open_entry(code: str):
        target = guide_service().resolve_entry(code) if len(code) <= 40 else None
        if target is None:
            return HTMLResponse(unknown_code_page(code), status_code=404)
        return RedirectResponse(ENTRY_PAGES[target.kind].format(code=target.code), status_code=302)

    return router
