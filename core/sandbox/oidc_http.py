"""HTTP for the sandbox OIDC issuer: form bodies, Basic auth, an HTML page and redirects,
which the JSON-only `JsonApp` does not speak. Like the other sandbox servers its access log
names only method, path and status: codes, tokens and states never reach a log.

    GET  /.well-known/openid-configuration   discovery
    GET  /jwks                               the public signing key
    GET  /authorize                          a page to pick a fictional resident
    POST /authorize                          approve (code) or cancel, 303 to redirect_uri
    POST /token                              authorization_code grant
    GET  /userinfo                           Bearer access token
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from core.identity.id_numbers import mask_id_number
from core.sandbox.oidc_issuer import AuthorizeError, SandboxIssuer, TokenError
from core.sandbox.server import MAX_BODY_BYTES, SOCKET_TIMEOUT_SECONDS, JsonApp, JsonServer, _Server, logger

REQUEST_KEYS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


@dataclass(frozen=True)
class WebRequest:
    method: str
    path: str
    params: dict[str, str]  # the query of a GET, the form of a POST
    authorization: str = ""


@dataclass(frozen=True)
class WebResponse:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, body: dict[str, Any], **headers: str) -> WebResponse:
    # Token and user answers must never be cached (RFC 6749 5.1).
    payload = json.dumps(body, ensure_ascii=False).encode()
    return WebResponse(status, payload, headers={"Cache-Control": "no-store", **headers})


def redirect(url: str) -> WebResponse:
    return WebResponse(303, headers={"Location": url, "Cache-Control": "no-store"})


def html_response(status: int, page: str) -> WebResponse:
    headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}
    return WebResponse(status, page.encode(), "text/html; charset=utf-8", headers)


def _page(title: str, *body: str) -> str:
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><main>{''.join(body)}</main></body></html>"
    )


def picker_page(issuer: SandboxIssuer, request: dict[str, str]) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{key}" value="{html.escape(request[key])}">' for key in REQUEST_KEYS
    )
    people = "".join(
        f'<p><label><input type="radio" name="resident" value="{p.sub}" required> '
        f"{html.escape(p.name)} · {mask_id_number(p.id_number)}</label></p>"
        for p in issuer.people
    )
    return _page(
        "河南省统一身份认证（沙箱）· Sandbox login",
        "<h1>河南省统一身份认证 · 沙箱</h1>",
        "<p>开发和测试用的模拟服务，下列居民都是虚构的。",
        '<span lang="en">A development stand-in: every resident below is fictional.</span></p>',
        f"<p>应用 <code>{html.escape(request['client_id'])}</code> 请求确认您的身份。</p>",
        f'<form method="post" action="/authorize">{hidden}',
        f"<fieldset><legend>选择一位居民 · Pick a resident</legend>{people}</fieldset>",
        '<button type="submit" name="decision" value="allow">登录 · Log in</button> ',
        '<button type="submit" name="decision" value="deny" formnovalidate>取消 · Cancel</button>',
        "</form>",
    )


def _authorize(issuer: SandboxIssuer, request: WebRequest) -> WebResponse:
    try:
        if request.method == "GET":
            return html_response(200, picker_page(issuer, issuer.check_request(request.params)))
        if request.params.get("decision") == "deny":
            return redirect(issuer.deny(request.params))
        return redirect(issuer.issue_code(request.params, request.params.get("resident", "")))
    except AuthorizeError as refused:
        if refused.redirect_uri:
            return redirect(refused.redirect_url())
        message = f"<h1>无法登录 · Cannot log in</h1><p>{html.escape(refused.description)}</p>"
        return html_response(400, _page("无法登录 · Cannot log in", message))


def _token(issuer: SandboxIssuer, request: WebRequest) -> WebResponse:
    try:
        return json_response(200, issuer.exchange(request.params, request.authorization))
    except TokenError as refused:
        challenge = {"WWW-Authenticate": 'Basic realm="sandbox"'} if refused.status == 401 else {}
        return json_response(refused.status, {"error": refused.error}, **challenge)


def _userinfo(issuer: SandboxIssuer, request: WebRequest) -> WebResponse:
    try:
        return json_response(200, issuer.userinfo(request.authorization))
    except TokenError as refused:
        return json_response(refused.status, {"error": refused.error}, **{"WWW-Authenticate": "Bearer"})


Route = Callable[[SandboxIssuer, WebRequest], WebResponse]
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/.well-known/openid-configuration"): lambda issuer, _r: json_response(200, issuer.discovery()),
    ("GET", "/jwks"): lambda issuer, _r: json_response(200, issuer.jwks()),
    ("GET", "/authorize"): _authorize,
    ("POST", "/authorize"): _authorize,
    ("POST", "/token"): _token,
    ("GET", "/userinfo"): _userinfo,
}


def route(issuer: SandboxIssuer, request: WebRequest) -> WebResponse:
    handler = ROUTES.get((request.method, request.path))
    if handler is None:
        known = any(path == request.path for _method, path in ROUTES)
        return json_response(405 if known else 404, {"error": "method not allowed" if known else "not found"})
    try:
        return handler(issuer, request)
    except Exception as error:  # a sandbox bug must still answer, and log no data
        logger.error("oidc %s %s failed: %s", request.method, request.path, type(error).__name__)
        return json_response(500, {"error": "internal error"})


class _OidcRequestHandler(BaseHTTPRequestHandler):
    issuer: SandboxIssuer
    timeout = SOCKET_TIMEOUT_SECONDS
    _status: int | str = "-"

    def do_GET(self) -> None:
        self._handle(dict(parse_qsl(urlsplit(self.path).query)))

    def do_POST(self) -> None:
        raw_length = self.headers.get("Content-Length") or "0"
        length = int(raw_length) if raw_length.isdigit() else -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self._reply(json_response(413 if length > 0 else 400, {"error": "bad Content-Length"}))
            return
        self._handle(dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace"))))

    def _handle(self, params: dict[str, str]) -> None:
        request = WebRequest(
            self.command, urlsplit(self.path).path, params, self.headers.get("Authorization", "")
        )
        self._reply(route(self.issuer, request))

    def _reply(self, response: WebResponse) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def log_error(self, format: str, *args: Any) -> None:
        """Dropped: the stdlib's error lines can quote the request line (with code and state)."""

    def log_message(self, format: str, *args: Any) -> None:
        path = urlsplit(getattr(self, "path", "") or "").path or "-"
        logger.info("oidc %s %s %s", getattr(self, "command", None) or "-", path, self._status)


class OidcServer(JsonServer):
    """The issuer on a loopback port (0 = ephemeral), started and stopped like a JsonServer."""

    def __init__(self, issuer: SandboxIssuer, host: str = "127.0.0.1", port: int = 0) -> None:
        # Not JsonServer.__init__: this server answers forms and HTML, not JSON routes.
        handler = type("OidcHandler", (_OidcRequestHandler,), {"issuer": issuer})
        self.app = JsonApp("oidc")  # names the serving thread
        self._server = _Server((host, port), handler)
        self._thread = None
        issuer.url = self.url  # `iss` is exactly where the issuer is reached
