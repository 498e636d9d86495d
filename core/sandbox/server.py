"""A tiny JSON-over-HTTP server on the standard library, for the sandbox department systems.

`JsonApp` maps (method, path) to handlers that take a `Request` and return a `Response`
or raise `HttpError`; `JsonServer` serves one app on a `ThreadingHTTPServer` in a
background thread. The access log names only method, path (never the query) and status,
so phone and ID numbers in requests never reach a log.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

logger = logging.getLogger("core.sandbox")

MAX_BODY_BYTES = 64 * 1024
SOCKET_TIMEOUT_SECONDS = 5.0
SHUTDOWN_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None


@dataclass(frozen=True)
class Response:
    status: int
    body: dict[str, Any]


class HttpError(Exception):
    """Raised by a handler to answer with a JSON error body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


Handler = Callable[[Request], Response]


def json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, or a 422 error."""
    if not isinstance(request.body, dict):
        raise HttpError(422, "the body must be a JSON object")
    return request.body


def text_field(body: dict[str, Any], key: str, max_length: int) -> str:
    """A required, non-empty string field of at most `max_length` characters, or a 422 error."""
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise HttpError(422, f"{key} must be a non-empty string")
    if len(value) > max_length:
        raise HttpError(422, f"{key} is longer than {max_length} characters")
    return value


class JsonApp:
    """Routes of one sandbox service."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._routes: dict[str, dict[str, Handler]] = {}

    def add(self, method: str, path: str, handler: Handler) -> None:
        self._routes.setdefault(path, {})[method.upper()] = handler

    def dispatch(self, request: Request) -> Response:
        methods = self._routes.get(request.path)
        if methods is None:
            return Response(404, {"error": "not found"})
        handler = methods.get(request.method)
        if handler is None:
            return Response(405, {"error": f"use {', '.join(sorted(methods))}"})
        try:
            return handler(request)
        except HttpError as error:
            return Response(error.status, {"error": error.message})
        except Exception as error:  # a sandbox bug must still answer, and log no data
            logger.error("%s %s %s failed: %s", self.name, request.method, request.path, type(error).__name__)
            return Response(500, {"error": "internal error"})


class _JsonRequestHandler(BaseHTTPRequestHandler):
    app: JsonApp
    timeout = SOCKET_TIMEOUT_SECONDS
    _status: int | str = "-"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        try:
            body = self._read_json()
        except HttpError as error:
            self._reply(Response(error.status, {"error": error.message}))
            return
        self._reply(self.app.dispatch(self._request(parts.path, dict(parse_qsl(parts.query)), body)))

    def _request(self, path: str, query: dict[str, str], body: Any) -> Request:
        return Request(self.command, path, query, body)

    def _read_json(self) -> Any:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError as error:
            raise HttpError(400, "bad Content-Length") from error
        if length > MAX_BODY_BYTES:
            raise HttpError(413, "the body is too large")
        if length <= 0:
            return None
        try:
            return json.loads(self.rfile.read(length))
        except ValueError as error:
            raise HttpError(422, "the body is not valid JSON") from error

    def _reply(self, response: Response) -> None:
        payload = json.dumps(response.body, ensure_ascii=False).encode()
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def log_error(self, format: str, *args: Any) -> None:
        """Dropped: the stdlib's error lines can quote the request line."""

    def log_message(self, format: str, *args: Any) -> None:
        path = urlsplit(getattr(self, "path", "") or "").path or "-"
        logger.info("%s %s %s %s", self.app.name, getattr(self, "command", None) or "-", path, self._status)


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the request threads
    block_on_close = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.warning("sandbox connection error", exc_info=True)


class JsonServer:
    """One `JsonApp` served on a loopback port (0 = ephemeral) in a background thread."""

    def __init__(self, app: JsonApp, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = type(f"{app.name.title()}Handler", (_JsonRequestHandler,), {"app": app})
        self.app = app
        self._server = _Server((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> JsonServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
                name=f"sandbox-{self.app.name}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the port and wait for the threads; safe to call twice."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> JsonServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
