"""A sandbox JSON server whose app sees request headers and may set response headers
(the department system reads Idempotency-Key and answers Retry-After)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.sandbox.server import JsonApp, JsonServer, Request, Response, _JsonRequestHandler


@dataclass(frozen=True)
class HeaderRequest(Request):
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case


@dataclass(frozen=True)
class HeaderResponse(Response):
    headers: Mapping[str, str] = field(default_factory=dict)


class _HeaderRequestHandler(_JsonRequestHandler):
    """Hands request headers to the app and sends the headers of a `HeaderResponse`."""

    def _request(self, path: str, query: dict[str, str], body: Any) -> Request:
        headers = {name.lower(): value for name, value in self.headers.items()}
        return HeaderRequest(self.command, path, query, body, headers)

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
