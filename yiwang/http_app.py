"""Plain HTTP routes served beside the Reflex pages on the same port."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bank_terminal.partner_api import PREFIX as BANK_PREFIX
from bank_terminal.partner_api import create_partner_app
from core.outages import OUTAGE_CODE, OUTAGE_DETAIL, RETRY_AFTER_SECONDS, STORAGE_OUTAGES
from mobile_api import mount_mobile_api
from yiwang.auth_routes import create_auth_router
from yiwang.demo_pairing_routes import create_demo_pairing_router, demo_pairing_enabled
from yiwang.entry_routes import create_entry_router
from yiwang.oidc_routes import create_oidc_router
from yiwang.print_routes import create_print_router
from yiwang.terminal_routes import create_terminal_router


def create_http_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.include_router(create_entry_router())
    app.include_router(create_auth_router())
    app.include_router(create_oidc_router())
    app.mount(BANK_PREFIX, create_partner_app())
    app.include_router(create_terminal_router())
    if demo_pairing_enabled():  # never mounted in prod
        app.include_router(create_demo_pairing_router())
    mount_mobile_api(app)
    app.include_router(create_print_router())
    for outage in STORAGE_OUTAGES:  # the mounted mobile and bank apps install their own
        app.add_exception_handler(outage, _unavailable)
    return app


async def _unavailable(request: Request, error: Exception) -> JSONResponse:
    """503 + Retry-After while PostgreSQL or Redis is down: device agents send again."""
    return JSONResponse(
        {"code": OUTAGE_CODE, "detail": OUTAGE_DETAIL},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
