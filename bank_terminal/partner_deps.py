"""Who calls the partner API: a bank terminal proven by its request signature, a teller by
the token of their login at that terminal, a customer by the token of their identification."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse

from core.bank.audit import Desk
from core.bank.errors import BankRuleError
from core.bank.services import BankChannel
from core.identity.terminals import Terminal, TerminalAuthError
from core.services import audit_log, bank, terminal_registry

STATUS = {
    "teller_required": 401,
    "customer_required": 401,
    "teller_login_failed": 401,
    "teller_locked": 423,
    "teller_rate_limited": 429,
    "not_a_teller": 403,
    "not_for_bank": 403,
    "consent_required": 403,
    "wrong_terminal": 403,
    "not_found": 404,
    "other_branch": 404,
    "consent_not_found": 404,
    "consent_expired": 409,
    "consent_closed": 409,
    "commitment_text_changed": 409,
    "in_progress": 409,
    "printer_unavailable": 503,
}
TITLES = {
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    422: "Invalid request",
    423: "Locked",
    429: "Too many requests",
    503: "Service unavailable",
}


class PartnerRefusal(Exception):
    def __init__(self, code: str, detail: str = "", status: int | None = None, fields=None) -> None:
        super().__init__(code)
        self.code, self.detail = code, detail
        self.status = status or STATUS.get(code, 422)
        self.fields = fields or {}


def problem(status: int, code: str, detail: str = "", fields: dict | None = None) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
        "fields": fields or {},
    }
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _signed_path(request: Request) -> str:
    raw = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string") or b""
    return raw.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")


async def signed_terminal(request: Request) -> Terminal:
    """The bank terminal that signed this request (timestamp, nonce, body hash), or 401."""
    body = await request.body()
    try:
        terminal = terminal_registry().verify_request(
            request.method, _signed_path(request), body, request.headers
        )
    except TerminalAuthError as refused:
        raise PartnerRefusal(refused.code, str(refused), 401) from None
    request.state.terminal = terminal
    if terminal.kind != "bank":
        raise PartnerRefusal("wrong_terminal", "only bank terminals may use this API")
    return terminal


SignedTerminal = Annotated[Terminal, Depends(signed_terminal)]


def channel() -> BankChannel:
    return bank()


Bank = Annotated[BankChannel, Depends(channel)]


def teller_desk(
    terminal: SignedTerminal,
    service: Bank,
    request: Request,
    x_yiwang_teller: Annotated[
        str, Header(max_length=128, description="teller_token from /teller/login")
    ] = "",
) -> Desk:
    desk = service.desks.desk(terminal, x_yiwang_teller)
    request.state.desk = desk
    return desk


TellerDesk = Annotated[Desk, Depends(teller_desk)]


def customer_id(
    desk: TellerDesk,
    service: Bank,
    x_yiwang_customer: Annotated[
        str, Header(max_length=128, description="customer_token from /customers")
    ] = "",
) -> str:
    return service.desks.customer(desk, x_yiwang_customer)


CustomerId = Annotated[str, Depends(customer_id)]


def audit_refusal(request: Request, code: str) -> None:
    """Every refused call is in the audit log with the terminal and teller known so far."""
    terminal = getattr(request.state, "terminal", None)
    desk = getattr(request.state, "desk", None)
    audit_log().record(
        "bank.api",
        "refused",
        actor=desk.teller if desk else "",
        channel="bank",
        terminal=terminal.id if terminal else "",
        branch=terminal.site if terminal else "",
        reason=code,
        method=request.method,
        path=request.url.path[:200],
    )


def bank_refusal(error: BankRuleError) -> PartnerRefusal:
    return PartnerRefusal(error.code, str(error), fields=error.fields)
