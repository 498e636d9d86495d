"""A sandbox JSON server whose app sees request headers and may set response headers
(the department system reads Idempotency-Key and answers Retry-After)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from core.sandbox.server import HttpError, JsonApp, JsonServer, Request, Response, _JsonRequestHandler


@dataclass(frozen=True)
class HeaderRequest(Request):
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case


@dataclass(frozen=True)
class HeaderResponse(Response):
    headers: Mapping[str, str] = field(default_factory=dict)


class _HeaderRequestHandler(_JsonRequestHandler):
    """Hands request headers to the app and sends the headers of a `HeaderResponse`."""

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        try:
            body = self._read_json()
        except HttpError as error:
            self._reply(Response(error.status, {"error": error.message}))
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = HeaderRequest(self.command, parts.path, dict(parse_qsl(parts.query)), body, headers)
        self._reply(self.app.dispatch(request))

    def _reply(self, response: Response) -> None:
        payload = json.dumps(response.body, ensure_ascii=False).encode()
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (response.headers if isinstance(response, HeaderResponse) else {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


class HeaderJsonServer(JsonServer):
    """A `JsonServer` whose app sees request headers (`HeaderRequest`) and may set response ones."""

    def __init__(self, app: JsonApp, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(app, host, port)
        self._server.RequestHandlerClass = type(
            f"{app.name.title()}Handler", (_HeaderRequestHandler,), {"app": app}
        )
