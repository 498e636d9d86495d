"""Print files over HTTP: the receipt PDF of an application, for its owner only (the citizen of
the HttpOnly session cookie; anyone else, or no session, gets 404), and the public guide PDF of
an item."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from core.applications.drafts import DraftNotFound
from core.db import get_engine
from core.guide.models import Department, Item
from core.printing.guide import render_guide
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
        return _pdf(render_receipt(sheet), f"receipt-{sheet.receipt_no}.pdf", "no-store")

    @router.get("/guide/{code}.pdf", include_in_schema=False)
    def guide_pdf(code: str) -> Response:
        catalogue = guide_service().catalogue
        item = catalogue.find_item(code) if code.isdigit() and len(code) == 12 else None
        if item is None:
            raise HTTPException(status_code=404)
        department = catalogue.find_department(item.department)
        data = _guide_pdf(item.model_dump_json(), department.model_dump_json() if department else "")
        return _pdf(data, f"guide-{item.code}.pdf", "public, max-age=300")

    return router


@lru_cache(maxsize=64)
def _guide_pdf(item_json: str, department_json: str) -> bytes:
    """Rendering embeds a font subset (about 2 s): a published change is a new key."""
    item = Item.model_validate_json(item_json)
    department = Department.model_validate_json(department_json) if department_json else None
    return render_guide(item, department, get_settings().public_url)


def _pdf(data: bytes, filename: str, cache: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": cache},
    )
