"""Print files over HTTP: the receipt PDF of an application, for its owner only. The owner is
the citizen of the HttpOnly session cookie; anyone else, or no session, gets 404."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from core.applications.drafts import DraftNotFound
from core.db import get_engine
from core.printing.receipt import render_receipt
from core.printing.receipts import receipt_sheet
from core.services import audit_log, guide_service, session_store
from core.settings import get_settings
from shared_ui.session import SESSION_COOKIE


def create_print_router() -> APIRouter:
    router = APIRouter(prefix="/print")

    @router.get("/receipt/{application_id}.pdf", include_in_schema=False)
    def receipt_pdf(application_id: str, request: Request) -> Response:
        active = session_store().resolve(request.cookies.get(SESSION_COOKIE, ""))
        if active is None or active.subject_kind != "citizen" or len(application_id) > 32:
            raise HTTPException(status_code=404)
        try:
            sheet = receipt_sheet(
                get_engine(get_settings().database_url),
                guide_service().catalogue,
                active.subject_id,
                application_id,
                audit=audit_log(),
                channel="pc",
            )
        except DraftNotFound:
            raise HTTPException(status_code=404) from None
        return Response(
            render_receipt(sheet),
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="receipt-{sheet.receipt_no}.pdf"',
                "Cache-Control": "no-store",
            },
        )

    return router
