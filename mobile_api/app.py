"""create_app(): the mobile API as one FastAPI application, mounted at /api/mobile/v1."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from core.settings import get_settings
from mobile_api.caching import NoStoreByDefault
from mobile_api.problems import install_problem_handlers
from mobile_api.routes import (
    account,
    applications,
    auth,
    catalogue,
    consents,
    drafts,
    guides,
    materials,
    notifications,
    scan,
)

PREFIX = "/api/mobile/v1"
DESCRIPTION = """平顶山一网通办移动端接口：小程序用它完成网页上能做的一切。

The Pingdingshan one-network services API for the mobile mini-app. Errors are RFC 9457 problem
details with a stable `code`; messages follow `Accept-Language` (zh-CN, en). Lists use cursor
pagination. Public content carries an ETag: send it back in `If-None-Match` for a 304."""


def create_app() -> FastAPI:
    app = FastAPI(
        title="yiwang mobile API",
        version="1.0.0",
        summary="一网通办移动端 JSON 接口",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    for module in (
        catalogue,
        guides,
        auth,
        account,
        drafts,
        materials,
        applications,
        notifications,
        scan,
        consents,
    ):
        app.include_router(module.router)
    install_problem_handlers(app)

    app.add_middleware(NoStoreByDefault)
    app.add_middleware(GZipMiddleware, minimum_size=800)
    origins = list(get_settings().cors_origins)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "If-None-Match",
                "Accept-Language",
            ],
            expose_headers=["ETag", "Retry-After", "Idempotent-Replayed"],
            max_age=600,
        )
    return app


def create_standalone_app() -> FastAPI:
    """The API alone at its versioned path (`yiwang api`): the same URLs as in the one-port app."""
    root = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    root.mount(PREFIX, create_app())
    return root
