"""Development only: one click pairs this browser with a demo kiosk or a demo bank terminal.

`GET /dev/pair/kiosk` (or `/dev/pair/bank`) registers the demo terminal once, then sends the
browser through the same single-use pairing link a device agent would ask for. The router is
mounted only when YIWANG_ENV=dev, and the route refuses in any other environment as well: a
production deployment pairs terminals only through signed device agents (`yiwang kiosk-agent`).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, RedirectResponse

from core.identity.terminals import Terminal
from core.services import audit_log, session_store, terminal_registry
from core.settings import get_settings

DEMO_TERMINALS = {"kiosk": "kiosk-demo", "bank": "bank-demo"}
DEMO_SITE = "演示大厅（开发环境） Demo hall (development)"
PATH = "/dev/pair/{kind}"


def demo_pairing_enabled() -> bool:
    return get_settings().env == "dev"


def demo_terminal(kind: str) -> Terminal:
    """The demo terminal of this kind, registered on first use (its key is never shown)."""
    registry = terminal_registry()
    terminal = registry.get(DEMO_TERMINALS[kind])
    if terminal is not None:
        return terminal
    try:
        return registry.register(kind, DEMO_SITE, DEMO_TERMINALS[kind], actor="dev", channel="dev").terminal
    except ValueError:  # registered by a request a moment ago
        return registry.get(DEMO_TERMINALS[kind])


def create_demo_pairing_router() -> APIRouter:
    router = APIRouter()

    @router.get(PATH, include_in_schema=False, response_model=None)
    def pair_demo(kind: str) -> RedirectResponse | JSONResponse:
        if not demo_pairing_enabled() or kind not in DEMO_TERMINALS:
            return JSONResponse({"code": "not_found", "detail": "Not Found"}, status_code=404)
        terminal = demo_terminal(kind)
        if terminal.revoked:
            return JSONResponse(
                {"code": "revoked", "detail": "the demo terminal is revoked"}, status_code=403
            )
        ticket = session_store().issue_ticket("terminal", terminal.id, "terminal")
        audit_log().record("terminal.pair_link", "ok", actor="dev", channel="dev", terminal=terminal.id)
        return RedirectResponse(f"/terminal/pair/{ticket}", status_code=303)

    return router
