"""Public content for slow phones: a strong ETag over the compact JSON body, Cache-Control,
and 304 Not Modified when the phone already has it. Bodies are cached per catalogue revision
and language, so a repeated guide read costs a dictionary lookup."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.services import guide_service
from mobile_api.language import caller_language

PUBLIC_CACHE = "public, max-age=300, stale-while-revalidate=3600"
_MAX_ENTRIES = 4096
# How long a worker trusts the catalogue revision it last read: a publication shows on phones
# within this time, and a cached read needs no database query in between.
REVISION_TTL_S = 1.0


class _Revision:
    """(guide service, catalogue revision): a rewired service (other settings) is a new key."""

    def __init__(self) -> None:
        self._service: object = None
        self._value: tuple | None = None
        self._read_at = 0.0

    def fresh(self) -> tuple | None:
        if guide_service() is not self._service or time.monotonic() - self._read_at >= REVISION_TTL_S:
            return None
        return self._value

    def read(self) -> tuple:
        service = guide_service()
        self._value, self._service = (id(service), service.revision), service
        self._read_at = time.monotonic()
        return self._value


class _BodyCache:
    def __init__(self) -> None:
        self._bodies: dict[tuple, tuple[bytes, str]] = {}
        self._revision: object = None
        self._lock = threading.Lock()

    def lookup(self, revision: object, key: tuple) -> tuple[bytes, str] | None:
        with self._lock:
            if revision != self._revision:
                self._bodies, self._revision = {}, revision
            return self._bodies.get(key)

    def build(self, revision: object, key: tuple, build: Callable[[], BaseModel]) -> tuple[bytes, str]:
        body = build().model_dump_json(exclude_none=True).encode()
        entry = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        with self._lock:
            if revision == self._revision:
                if len(self._bodies) >= _MAX_ENTRIES:
                    self._bodies.clear()
                self._bodies[key] = entry
        return entry


_cache = _BodyCache()
_revision = _Revision()


async def cached_json(request: Request, key: tuple, build: Callable[[str], BaseModel]) -> Response:
    """`build(lang)` makes the body once per catalogue revision and language; when it raises
    (an unknown code), nothing is cached and the problem reaches the caller."""
    lang = caller_language(request)
    revision = _revision.fresh()
    if revision is None:  # the database (and a rebuild of the guide) only off the event loop
        revision = await run_in_threadpool(_revision.read)
    found = _cache.lookup(revision, (*key, lang))
    if found is None:
        found = await run_in_threadpool(_cache.build, revision, (*key, lang), lambda: build(lang))
    body, etag = found
    headers = {
        "ETag": etag,
        "Cache-Control": PUBLIC_CACHE,
        "Vary": "Accept-Language, Accept-Encoding",
        "Content-Language": "en" if lang == "en" else "zh-CN",
    }
    if etag in _if_none_match(request):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _if_none_match(request: Request) -> set[str]:
    raw = request.headers.get("if-none-match", "")
    return {tag.strip().removeprefix("W/") for tag in raw.split(",") if tag.strip()}


class NoStoreByDefault:
    """Anything not marked public (guides, catalogue) may be personal: no cache may keep it.
    Plain ASGI rather than BaseHTTPMiddleware, which would cost every cached read a task."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_default(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_default)
