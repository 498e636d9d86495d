"""create_app(): the mobile API as one FastAPI application, mounted at /api/mobile/v1."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.settings import get_settings
from mobile_api.caching import NoStoreByDefault
from mobile_api.problems import ApiProblem, install_problem_handlers, problem_response
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
    mount_mobile_api(root)
    return root


def mount_mobile_api(root: FastAPI) -> None:
    """Mount the API at PREFIX. A path under PREFIX that the mount itself cannot match (a
    decoded newline, say) is answered by the host app: make that a problem document too."""
    root.mount(PREFIX, create_app())

    @root.exception_handler(StarletteHTTPException)
    async def _unrouted(request: Request, error: StarletteHTTPException):
        if request.url.path.startswith(PREFIX) and error.status_code in (404, 405):
            code = "not_found" if error.status_code == 404 else "method_not_allowed"
            return problem_response(request, ApiProblem(code))
        return await http_exception_handler(request, error)
