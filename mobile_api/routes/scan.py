"""扫码办 on a phone: whatever the camera read → what to open, or why the code is refused."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from core.applications.drafts import DraftNotFound
from core.guide.scan_codes import ENTRY_PREFIX
from core.identity.codes import VERSION, CodeError, VerifiedCode
from core.services import guide_service
from mobile_api.auth import OptionalCitizen
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routes.drafts import owned_draft
from mobile_api.routes.notifications import applicant_view
from mobile_api.routing import CompactRouter
from mobile_api.scan_codes import verify_code
from mobile_api.schemas_applications import ScanAction, ScanRequest

router = CompactRouter(tags=["scan"])
_ENTRY_CODE = re.compile(r"[A-Za-z0-9]{1,40}")


def _entry_code(payload: str) -> str | None:
    """The code of a poster's /s/<code> URL (any host: posters outlive domain names), or None."""
    path = urlsplit(payload).path if "://" in payload else payload
    if not path.startswith(ENTRY_PREFIX) or ("://" not in payload and payload != path):
        return None
    code = path[len(ENTRY_PREFIX) :].strip("/")
    return code if _ENTRY_CODE.fullmatch(code) else None


def _open_entry(code: str) -> ScanAction:
    target = guide_service().resolve_entry(code)
    if target is None:
        raise ApiProblem("scan_entry_unknown")
    return ScanAction(action="open_bundle" if target.kind == "bundle" else "open_item", code=target.code)


def _act_on(citizen_id: str, code: VerifiedCode) -> ScanAction:
    if code.kind == "draft":
        if code.owner != citizen_id:
            raise ApiProblem("code_foreign")
        return ScanAction(action="resume_draft", draft_id=owned_draft(citizen_id, code.subject).id)
    if code.kind == "receipt":
        try:
            application_id = applicant_view().application_id_for_receipt(citizen_id, code.subject)
        except DraftNotFound as missing:
            raise ApiProblem("code_foreign") from missing
        return ScanAction(action="show_status", application_id=application_id)
    raise ApiProblem("code_wrong_channel")  # an e-ID code is for kiosks and bank terminals


@router.post(
    "/scan",
    response_model=ScanAction,
    responses=problem_responses(
        "unauthorized",
        "scan_unrecognised",
        "scan_entry_unknown",
        "code_malformed",
        "code_unknown_version",
        "code_unknown_key",
        "code_bad_signature",
        "code_expired",
        "code_replayed",
        "code_wrong_channel",
        "code_foreign",
        "draft_not_found",
    ),
    summary="扫码 What a scanned code opens",
)
def scan(citizen: OptionalCitizen, body: ScanRequest) -> ScanAction:
    """Posters open without logging in; draft and receipt codes need the owner's login."""
    payload = body.payload.strip()
    entry = _entry_code(payload)
    if entry is not None:
        return _open_entry(entry)
    if not payload.upper().startswith(VERSION[:2]):
        raise ApiProblem("scan_unrecognised")
    if citizen is None:
        raise ApiProblem("unauthorized")
    try:
        return _act_on(citizen.id, verify_code(payload))
    except CodeError as refused:
        raise ApiProblem(f"code_{refused.code}") from refused
