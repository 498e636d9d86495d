"""Errors as RFC 9457 problem details (`application/problem+json`): a stable `code` for
programs and a message in the caller's language (Accept-Language: zh-CN or en)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.outages import OUTAGE_CODE, RETRY_AFTER_SECONDS, STORAGE_OUTAGES
from mobile_api.language import caller_language
from mobile_api.messages import MESSAGES, message

PROBLEM_TYPE = "https://yiwang.pds.gov.cn/problems/"
MEDIA_TYPE = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details. `code` is stable; `title` and `detail` are in the caller's language."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": f"{PROBLEM_TYPE}draft_not_found",
                    "title": "没有找到这份草稿",
                    "status": 404,
                    "code": "draft_not_found",
                    "detail": "草稿不存在，或不属于当前登录的账号。",
                }
            ]
        }
    )
    type: str = Field(description="URI naming the problem kind")
    title: str = Field(description="short message in the caller's language")
    status: int = Field(description="HTTP status code")
    code: str = Field(description="stable machine-readable code", examples=["draft_not_found"])
    detail: str = Field(default="", description="what to do next, in the caller's language")
    errors: dict[str, str] | None = Field(
        default=None, description="per-field error codes (field id → code), for form errors"
    )
    retry_after: int | None = Field(default=None, description="seconds to wait before retrying")


class ApiProblem(Exception):
    """Raised by routes; `code` must be in the message catalogue."""

    def __init__(
        self, code: str, errors: dict[str, str] | None = None, retry_after: int | None = None
    ) -> None:
        assert code in MESSAGES, code
        super().__init__(code)
        self.code, self.errors, self.retry_after = code, errors, retry_after

    @property
    def status(self) -> int:
        return MESSAGES[self.code][0]


def problem_response(request: Request, problem: ApiProblem) -> JSONResponse:
    lang = caller_language(request)
    title, detail = message(problem.code, lang)
    body = Problem(
        type=PROBLEM_TYPE + problem.code,
        title=title,
        status=problem.status,
        code=problem.code,
        detail=detail,
        errors=problem.errors,
        retry_after=problem.retry_after,
    )
    headers = {"Content-Language": "en" if lang == "en" else "zh-CN", "Vary": "Accept-Language"}
    if problem.retry_after:
        headers["Retry-After"] = str(problem.retry_after)
    if problem.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="yiwang-mobile"'
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=problem.status, headers=headers, media_type=MEDIA_TYPE
    )


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 406: "not_acceptable"}


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def _api_problem(request: Request, problem: ApiProblem) -> JSONResponse:
        return problem_response(request, problem)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = {".".join(str(p) for p in e["loc"][1:]) or "body": e["type"] for e in error.errors()}
        return problem_response(request, ApiProblem("invalid_request", errors=errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem_response(request, ApiProblem(_HTTP_CODES.get(error.status_code, "bad_request")))

    async def _unavailable(request: Request, error: Exception) -> JSONResponse:
        return problem_response(request, ApiProblem(OUTAGE_CODE, retry_after=RETRY_AFTER_SECONDS))

    for outage in STORAGE_OUTAGES:  # PostgreSQL or Redis restarting: 503, the phone sends again
        app.add_exception_handler(outage, _unavailable)


def problem_responses(*codes: str) -> dict:
    """OpenAPI `responses` for the problems a route can answer, grouped by status. A route
    taking a bearer token (`unauthorized`) is also rate-limited per token; any route may answer
    503 while the platform's storage restarts."""
    limited = ("too_many_requests",) if "unauthorized" in codes else ()
    every = tuple(dict.fromkeys((*codes, *limited, "invalid_request", OUTAGE_CODE)))
    statuses = sorted({MESSAGES[c][0] for c in every})
    return {
        s: {
            "model": Problem,
            "content": {MEDIA_TYPE: {}},
            "description": "; ".join(c for c in every if MESSAGES[c][0] == s),
        }
        for s in statuses
    }
