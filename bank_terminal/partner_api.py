"""The partner API for banks that integrate their own terminal software (政银通办).

Every request is signed with the terminal's key (core.identity.terminals: timestamp, nonce,
body hash); a teller logs in at the terminal with password + TOTP and sends the token as
X-Yiwang-Teller; an identified customer's token goes in X-Yiwang-Customer. Refusals are
problem JSON (application/problem+json) with a stable `code`, and are audited.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError

from bank_terminal.partner_deps import (
    Bank,
    CustomerId,
    PartnerRefusal,
    SignedTerminal,
    TellerDesk,
    audit_refusal,
    problem,
)
from bank_terminal.partner_schemas import (
    AnswersIn,
    ApplicationPublic,
    BankItemPublic,
    ConsentIn,
    ConsentPublic,
    CustomerPublic,
    DraftIn,
    DraftPublic,
    IdentifyIn,
    PrintedPublic,
    Problem,
    ReceiptPublic,
    SubmitIn,
    TellerLoginIn,
    TellerPublic,
    TellerSession,
)
from core.bank.channel import allowed_items
from core.bank.errors import BankRuleError
from core.outages import OUTAGE_CODE, OUTAGE_DETAIL, RETRY_AFTER_SECONDS, STORAGE_OUTAGES
from core.printing.printer import Printer
from core.services import terminal_events

PREFIX = "/api/bank/v1"
ERRORS = {
    status: {"model": Problem, "description": "problem JSON"} for status in (401, 403, 404, 409, 422, 503)
}

tellers = APIRouter(tags=["teller"], responses=ERRORS)
customers = APIRouter(tags=["customer"], responses=ERRORS)
applications = APIRouter(tags=["applications"], responses=ERRORS)


@tellers.post("/teller/login", response_model=TellerSession)
def log_in_teller(body: TellerLoginIn, terminal: SignedTerminal, service: Bank) -> TellerSession:
    """A teller starts work at this terminal (password + TOTP; the account needs the teller role)."""
    login = service.desks.log_in_teller(terminal, body.username, body.password, body.code)
    desk = login.desk
    return TellerSession(
        teller_token=login.token,
        expires_at=login.session.expires_at,
        teller=TellerPublic(
            username=desk.teller, display_name=desk.teller_name, branch=desk.branch, terminal_id=terminal.id
        ),
    )


@tellers.post("/teller/logout", status_code=204)
def log_out_teller(desk: TellerDesk, service: Bank, request: Request) -> None:
    service.desks.log_out_teller(desk, request.headers.get("x-yiwang-teller", ""))


@tellers.get("/items", response_model=list[BankItemPublic])
def list_items(desk: TellerDesk, service: Bank) -> list[BankItemPublic]:
    """The items a bank branch may offer, most asked first; each with its own materials and fee only."""
    return [
        BankItemPublic(**{**asdict(item), "materials": list(item.materials)})
        for item in allowed_items(service.catalogue)
    ]


@customers.post("/customers", response_model=CustomerPublic, status_code=201)
def identify_customer(body: IdentifyIn, desk: TellerDesk, service: Bank) -> CustomerPublic:
    """Identify the customer by the e-ID code on their phone or their ID card on the reader."""
    if (body.eid_code is None) == (body.card is None):
        raise PartnerRefusal("bad_request", "send exactly one of eid_code and card", 422)
    if body.eid_code is not None:
        found = service.customers.by_eid_code(desk, body.eid_code)
    else:
        found = service.customers.by_id_card(desk, body.card or {})
    return CustomerPublic(
        customer_token=found.token,
        masked_name=found.masked_name,
        masked_id_number=found.masked_id_number,
        expires_at=found.expires_at,
    )


@customers.post("/customers/leave", status_code=204)
def customer_leaves(desk: TellerDesk, service: Bank, request: Request) -> None:
    """The customer has left: their session and open consents end; the teller stays logged in."""
    token = request.headers.get("x-yiwang-customer", "")
    service.customers.leaves(desk, token, service.consents.end_visit)
    terminal_events().discard(desk.terminal.id)  # device reads left for this customer go too


@customers.post("/consents", response_model=ConsentPublic, status_code=201)
def ask_consent(body: ConsentIn, desk: TellerDesk, citizen: CustomerId, service: Bank) -> ConsentPublic:
    """Ask the customer to consent on their own phone: show `code` as a QR, then poll the status."""
    return _consent(service.consents.ask(desk, citizen, body.item_codes, body.purpose, body.scenarios))


@customers.get("/consents/{consent_id}", response_model=ConsentPublic)
def consent_status(consent_id: str, desk: TellerDesk, service: Bank) -> ConsentPublic:
    return _consent(service.consents.for_desk(desk, consent_id[:32]))


@applications.post("/drafts", response_model=DraftPublic, status_code=201)
def start_draft(body: DraftIn, desk: TellerDesk, citizen: CustomerId, service: Bank) -> DraftPublic:
    """Start the customer's application (needs their confirmed consent for the item)."""
    return _draft(service.applications.start(desk, citizen, body.item_code, body.scenario_id))


@applications.get("/drafts/{draft_id}", response_model=DraftPublic)
def read_draft(draft_id: str, desk: TellerDesk, citizen: CustomerId, service: Bank) -> DraftPublic:
    return _draft(service.applications.draft(desk, citizen, draft_id))


@applications.patch("/drafts/{draft_id}", response_model=DraftPublic)
def fill_draft(
    draft_id: str, body: AnswersIn, desk: TellerDesk, citizen: CustomerId, service: Bank
) -> DraftPublic:
    """Save answers; only the item's own questions are accepted (the bank adds nothing)."""
    answers = {key: str(value) for key, value in body.answers.items()}
    return _draft(service.applications.fill(desk, citizen, draft_id, answers))


@applications.post("/drafts/{draft_id}/submit", response_model=ReceiptPublic, status_code=201)
def submit_draft(
    draft_id: str, body: SubmitIn, desk: TellerDesk, citizen: CustomerId, service: Bank
) -> ReceiptPublic:
    """Submit on the customer's behalf; the same idempotency key again returns the same receipt."""
    receipt = service.applications.submit(desk, citizen, draft_id, body.idempotency_key)
    return ReceiptPublic(
        application_id=receipt.application_id,
        receipt_no=receipt.receipt_no,
        item_code=receipt.target_code,
        submitted_at=receipt.submitted_at,
        decisions=receipt.decisions,
    )


@applications.get("/applications/{application_id}", response_model=ApplicationPublic)
def application_status(application_id: str, desk: TellerDesk, service: Bank) -> ApplicationPublic:
    """An application this branch took; any other branch's is 404 (and the attempt is audited)."""
    found = service.applications.application(desk, application_id)
    return ApplicationPublic(
        application_id=found.application_id,
        receipt_no=found.receipt_no,
        item_code=found.item_code,
        submitted_at=found.submitted_at,
        teller=found.teller,
        statuses=[
            {"at": at, "department": department, "status": status}
            for at, department, status in found.statuses
        ],
    )


@applications.post("/applications/{application_id}/print", response_model=PrintedPublic)
def print_application_receipt(
    application_id: str, desk: TellerDesk, citizen: CustomerId, service: Bank
) -> PrintedPublic:
    """Print the receipt (ID number masked) on the branch printer, for the customer at the desk and
    an application this branch took; 404 otherwise, 503 `printer_unavailable` if the printer fails."""
    job = service.applications.print_receipt(desk, citizen, application_id, Printer.from_settings())
    return PrintedPublic(printed=True, job_name=job.job_name)


@tellers.get("/ping", status_code=200)
def ping(terminal: SignedTerminal) -> dict:
    """Checks the terminal's signature and clock: {"terminal": id, "branch": site}."""
    return {"terminal": terminal.id, "branch": terminal.site}


def _consent(view) -> ConsentPublic:
    data = asdict(view)
    data["consent_items"] = [asdict(item) for item in view.consent_items]
    data["commitments"] = list(view.commitments)
    return ConsentPublic(**data)


def _draft(draft) -> DraftPublic:
    return DraftPublic(
        id=draft.id,
        item_code=draft.item_code,
        scenario_id=draft.scenario_id,
        fields=list(draft.fields),
        missing=list(draft.missing),
    )


def create_partner_app() -> FastAPI:
    """The partner API as its own app (own OpenAPI at /api/bank/v1/openapi.json), mounted at PREFIX."""
    app = FastAPI(
        title="yiwang 政银通办 partner API",
        version="1.0",
        description=__doc__,
        docs_url="/docs",
        redoc_url=None,
    )
    for router in (tellers, customers, applications):
        app.include_router(router)

    @app.exception_handler(PartnerRefusal)
    async def refused(request: Request, error: PartnerRefusal):
        audit_refusal(request, error.code)
        return problem(error.status, error.code, error.detail, error.fields)

    @app.exception_handler(BankRuleError)
    async def broke_rule(request: Request, error: BankRuleError):
        refusal = PartnerRefusal(error.code, str(error), fields=error.fields)
        audit_refusal(request, error.code)
        return problem(refusal.status, refusal.code, refusal.detail, refusal.fields)

    async def unavailable(request: Request, error: Exception):
        answer = problem(503, OUTAGE_CODE, OUTAGE_DETAIL)
        answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return answer

    for outage in STORAGE_OUTAGES:  # PostgreSQL or Redis restarting: the bank's system sends again
        app.add_exception_handler(outage, unavailable)

    @app.exception_handler(RequestValidationError)
    async def malformed(request: Request, error: RequestValidationError):
        fields = {".".join(str(p) for p in e["loc"][1:])[:64]: e["type"] for e in error.errors()[:20]}
        audit_refusal(request, "bad_request")
        return problem(422, "bad_request", "the request body does not match the schema", fields)

    return app
