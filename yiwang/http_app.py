"""Plain HTTP routes served beside the Reflex pages on the same port."""

from __future__ import annotations

from fastapi import FastAPI

from yiwang.auth_routes import create_auth_router
from yiwang.entry_routes import create_entry_router
from yiwang.oidc_routes import create_oidc_router
from yiwang.terminal_routes import create_terminal_router


def create_http_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.include_router(create_entry_router())
    app.include_router(create_auth_router())
    app.include_router(create_oidc_router())
    app.include_router(create_terminal_router())
    return app
