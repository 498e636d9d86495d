"""HTTP routes for kiosk and bank-terminal device agents, signed with the terminal's key.

- `POST /terminal/v1/events`: a QR code or an ID card the terminal's devices read, for its screen.
- `POST /terminal/v1/pair` → a single-use URL; `GET /terminal/pair/<ticket>` sets the HttpOnly
  `yiwang_terminal` cookie that tells the platform which terminal a browser is, and opens the
  terminal's screen (`/kiosk` or `/bank`).
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from core.identity.id_card import IdCard, IdCardError
from core.identity.terminals import Terminal, TerminalAuthError
from core.services import audit_log, session_store, terminal_events, terminal_registry
from core.settings import get_settings
from shared_ui.session import TERMINAL_COOKIE

MAX_EVENT_BYTES = 128 * 1024
MAX_QR_TEXT = 2048
SCREENS = {"kiosk": "/kiosk", "bank": "/bank"}


def _problem(status: int, code: str, detail: str) -> JSONResponse:
    return JSONResponse({"code": code, "detail": detail}, status_code=status)


async def _signed(request: Request) -> tuple[Terminal, bytes]:
    body = await request.body()
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    # The database (key, nonce) only off the event loop: it also carries the Reflex websockets.
    verify = terminal_registry().verify_request
    terminal = await run_in_threadpool(verify, request.method, path, body, request.headers)
    return terminal, body


def _store_event(terminal: Terminal, kind: str, payload: dict) -> str:
    event = terminal_events().post(terminal.id, kind, payload)  # type: ignore[arg-type]
    audit_log().record("terminal.event", "ok", terminal=terminal.id, kind=kind, channel=terminal.kind)
    return event.id


def _event_payload(body: bytes) -> tuple[str, dict]:
    """(kind, payload) of a device event, or ValueError/IdCardError."""
    if len(body) > MAX_EVENT_BYTES:
        raise ValueError("the event is larger than 128 KiB")
    event = json.loads(body or b"null")
    kind = event.get("kind") if isinstance(event, dict) else None
    if kind == "qr":
        text = event.get("text")
        if not isinstance(text, str) or not text or len(text) > MAX_QR_TEXT:
            raise ValueError("a qr event carries the code's text, 1 to 2048 characters")
        return "qr", {"text": text}
    if kind == "id_card":
        return "id_card", IdCard.from_record(event.get("card")).to_record()
    raise ValueError('an event is {"kind": "qr", "text": ...} or {"kind": "id_card", "card": {...}}')


def create_terminal_router() -> APIRouter:
    router = APIRouter()

    @router.post("/terminal/v1/events", include_in_schema=False)
    async def post_event(request: Request) -> JSONResponse:
        try:
            terminal, body = await _signed(request)
        except TerminalAuthError as error:
            return _problem(401, error.code, str(error))
        try:
            kind, payload = _event_payload(body)
        except IdCardError as error:
            return _problem(422, error.code, str(error))
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            return _problem(422, "bad_event", str(error))
        event_id = await run_in_threadpool(_store_event, terminal, kind, payload)
        return JSONResponse({"id": event_id}, status_code=202)

    @router.post("/terminal/v1/pair", include_in_schema=False)
    async def pair(request: Request) -> JSONResponse:
        try:
            terminal, _body = await _signed(request)
        except TerminalAuthError as error:
            return _problem(401, error.code, str(error))
        ticket = await run_in_threadpool(session_store().issue_ticket, "terminal", terminal.id, "terminal")
        return JSONResponse({"url": f"/terminal/pair/{ticket}"})

    @router.get("/terminal/pair/{ticket}", include_in_schema=False, response_model=None)
    def open_paired(ticket: str) -> RedirectResponse | JSONResponse:
        started = session_store().redeem_ticket(ticket)
        terminal = terminal_registry().get(started[1].subject_id) if started else None
        if started is None or terminal is None or terminal.revoked or started[1].subject_kind != "terminal":
            return _problem(403, "pairing_refused", "this pairing link is used, expired or revoked")
        response = RedirectResponse(SCREENS[terminal.kind], status_code=303)
        response.set_cookie(
            TERMINAL_COOKIE,
            started[0],
            httponly=True,
            samesite="strict",
            path="/",
            secure=get_settings().secure_cookies,
        )
        audit_log().record("terminal.pair", "ok", terminal=terminal.id, channel=terminal.kind)
        return response

    return router
