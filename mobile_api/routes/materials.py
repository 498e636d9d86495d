"""Materials of a draft: e-licences fetched with consent (免证办), and uploads checked by content."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from core.applications.materials import attach_upload, draft_materials, fetch_licences
from core.applications.uploads import CitizenCaller, UploadNotFound, UploadRejected
from core.services import citizens, drafts, guide_service, licence_fetcher, upload_service
from mobile_api.auth import CurrentCitizen
from mobile_api.draft_views import draft_out
from mobile_api.language import Lang
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routes.drafts import CHANNEL, DraftId, owned_draft
from mobile_api.routing import CompactRouter
from mobile_api.schemas_applications import DraftOut, ElicenceConsent, UploadOut

router = CompactRouter(tags=["materials"])
MaterialId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
UploadId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


class MaterialUpload(BaseModel):
    """A photo (JPEG, PNG) or PDF of one material, up to 10 MB, sent as multipart/form-data."""

    file: UploadFile = Field(description="the file; its type is decided by its content, not its name")


@router.post(
    "/drafts/{draft_id}/elicences",
    response_model=DraftOut,
    responses=problem_responses("unauthorized", "draft_not_found", "consent_required", "real_name_required"),
    summary="获取电子证照 Fetch my e-licences (with consent)",
)
def fetch_elicences(
    citizen: CurrentCitizen, lang: Lang, draft_id: DraftId, body: ElicenceConsent
) -> DraftOut:
    owned_draft(citizen.id, draft_id)
    if body.consent is not True:
        raise ApiProblem("consent_required")
    id_number = citizens().prefill(citizen.id).get("citizen.id_number", "")
    if not id_number:
        raise ApiProblem("real_name_required")
    catalogue = guide_service().catalogue
    draft = fetch_licences(drafts(), licence_fetcher(), catalogue, citizen.id, id_number, draft_id, CHANNEL)
    return draft_out(citizen.id, draft, lang)


@router.post(
    "/drafts/{draft_id}/materials/{material_id}/uploads",
    status_code=201,
    response_model=UploadOut,
    responses=problem_responses(
        "unauthorized",
        "draft_not_found",
        "material_not_in_draft",
        "upload_empty",
        "upload_too_large",
        "upload_unsupported_type",
        "upload_corrupt",
        "upload_active_content",
        "upload_encrypted",
    ),
    summary="上传材料 Upload a material (photo or PDF, up to 10 MB)",
)
async def upload_material(
    citizen: CurrentCitizen,
    draft_id: DraftId,
    material_id: MaterialId,
    upload: Annotated[MaterialUpload, Form()],
) -> UploadOut:
    file = upload.file
    draft = await run_in_threadpool(owned_draft, citizen.id, draft_id)
    if material_id not in {m.id for m in draft_materials(guide_service().catalogue, draft)}:
        raise ApiProblem("material_not_in_draft")
    try:
        stored = await run_in_threadpool(
            upload_service().accept, citizen.id, file.filename, file.file, file.content_type, channel=CHANNEL
        )
    except UploadRejected as refused:
        raise ApiProblem(f"upload_{refused.code}") from refused
    await run_in_threadpool(
        attach_upload,
        drafts(),
        guide_service().catalogue,
        citizen.id,
        draft_id,
        material_id,
        stored.id,
        stored.display_name,
    )
    return UploadOut(
        id=stored.id,
        material_id=material_id,
        name=stored.display_name,
        media_type=stored.media_type,
        size=stored.size,
    )


@router.get(
    "/uploads/{upload_id}",
    response_class=Response,
    responses={
        200: {
            "content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}},
            "description": "the file",
        },
        **problem_responses("unauthorized", "upload_not_found"),
    },
    summary="查看我上传的材料 Download my upload",
)
def download_upload(citizen: CurrentCitizen, upload_id: UploadId) -> Response:
    try:
        meta, data = upload_service().open_for(upload_id, CitizenCaller(citizen.id), channel=CHANNEL)
    except UploadNotFound as missing:
        raise ApiProblem("upload_not_found") from missing
    return Response(
        data,
        media_type=meta.media_type,
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )
