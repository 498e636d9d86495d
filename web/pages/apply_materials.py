"""The materials part of applying: what each material needs and, with the resident's consent,
the e-licences fetched for them (免证办), so there is nothing to upload for those."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from core.applications.department_records import SOURCE_NAMES, rule_sources
from core.applications.materials import attach_upload, checklist
from core.applications.uploads import StoredUpload, UploadReceiver, UploadRejected
from core.services import drafts, fetch_draft_licences, guide_service, upload_service
from shared_ui.components.alerts import coded_alert
from shared_ui.components.apply_blocks import elicence_consent, fetch_status
from shared_ui.components.badges import obtain_label
from shared_ui.i18n import N_, bilingual, content_lang, msg
from shared_ui.session import current_session


@dataclass
class MaterialRow:
    name: str = ""
    name_en: str = ""
    obtain: str = ""
    fetched: str = ""
    detail: str = ""


UPLOAD_ID = "material-upload"
UPLOAD_ERRORS = {
    "choose": N_("Choose which material the file is for."),
    "empty": N_("The file is empty."),
    "too_large": N_("The file is larger than 10 MB."),
    "unsupported_type": N_("Only photos (JPEG, PNG) and PDF files can be uploaded."),
    "corrupt": N_("The file is damaged and cannot be read."),
    "too_many_pixels": N_("The picture is too large; take a smaller photo."),
    "active_content": N_("This PDF contains scripts or attachments and cannot be accepted."),
    "encrypted": N_("This PDF is password-protected; upload it without a password."),
    "too_many_pages": N_("This PDF has too many pages."),
    "too_complex": N_("This PDF is too complex to check."),
}


@dataclass
class UploadChoice:
    id: str = ""
    name: str = ""
    name_en: str = ""


async def receive_upload(
    owner: str | None, chunks: rx.UploadChunkIterator
) -> tuple[StoredUpload | None, str]:
    """The first file of a streamed upload, refused as soon as it is too big, then checked by
    content, re-encoded and stored outside any public folder (never /_upload) in a worker
    thread: (the stored upload, "") or (None, the refusal's code). Runs in a background
    handler, so the state lock is not held while the file arrives or is checked. Every chunk
    is read, even of a refused or unwanted file, so the browser's upload completes."""
    receiver: UploadReceiver | None = None
    first, error = "", "" if owner else "login"
    async for chunk in chunks:
        if error or (first and chunk.filename != first):
            continue  # refused already, or a second file: drained, not kept
        if receiver is None:
            first = chunk.filename
            receiver = upload_service().receiver(owner, first, chunk.content_type, channel="pc")
        try:
            receiver.write(chunk.data)
        except UploadRejected as refused:
            error = refused.code
    if error or receiver is None:
        return None, error or "empty"
    try:
        return await asyncio.to_thread(receiver.finish), ""
    except UploadRejected as refused:
        return None, refused.code


class MaterialsState(rx.State):
    rows: list[MaterialRow] = []
    has_elicences: bool = False
    consent: bool = False
    fetching: bool = False
    uploadable: list[UploadChoice] = []
    records: list[str] = []  # department records the 秒批 rules read, asked with the same consent
    upload_material: str = ""
    upload_error: str = ""
    _draft_id: str = ""

    def show(self, owner: str, draft_id: str) -> None:
        catalogue = guide_service().catalogue
        draft = drafts().get(owner, draft_id)
        lines = checklist(catalogue, draft)
        self._draft_id = draft_id
        self.rows = [
            MaterialRow(
                line.material.name,
                line.material.name_en,
                line.material.obtain.value,
                line.fetched,
                line.detail,
            )
            for line in lines
        ]
        self.has_elicences = any(line.material.obtain.value == "A" for line in lines)
        self.records = [SOURCE_NAMES[source] for source in rule_sources(catalogue, draft)]
        self.uploadable = [
            UploadChoice(line.material.id, line.material.name, line.material.name_en)
            for line in lines
            if line.material.obtain.value in ("C", "A")
        ]

    @rx.event
    def choose_upload_material(self, material_id: str):
        self.upload_material = material_id if any(c.id == material_id for c in self.uploadable) else ""

    @rx.event(background=True)
    async def upload(self, chunks: rx.UploadChunkIterator):
        async with self:
            active = current_session(self)
            owner, draft_id, material = (
                (active.subject_id if active else None),
                self._draft_id,
                self.upload_material,
            )
            self.upload_error = "" if material else "choose"
        stored, error = await receive_upload(owner if draft_id and material else None, chunks)
        if owner is None or not draft_id:
            return rx.redirect("/login")
        if stored is not None:
            await asyncio.to_thread(
                attach_upload,
                drafts(),
                guide_service().catalogue,
                owner,
                draft_id,
                material,
                stored.id,
                stored.display_name,
            )
        async with self:
            self.upload_error = "choose" if not material else error
            self.show(owner, draft_id)
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def toggle_consent(self):
        self.consent = not self.consent

    @rx.event(background=True)
    async def fetch(self):
        async with self:
            active = current_session(self)
            if active is None or not self.consent or not self._draft_id:
                return
            self.fetching = True
            owner, draft_id = active.subject_id, self._draft_id
        # The library is a department system: fetch outside the state lock.
        await asyncio.to_thread(fetch_draft_licences, owner, draft_id, "pc")
        async with self:
            self.fetching = False
            self.show(owner, draft_id)


def _row(row: rx.Var[MaterialRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(bilingual(row.name, row.name_en), scope="row", lang=content_lang(row.name_en)),
        rx.el.td(obtain_label(row.obtain)),
        rx.el.td(
            fetch_status(row.fetched),
            rx.cond(row.detail != "", rx.el.div(row.detail, class_name="note", lang="zh-CN"), ""),
        ),
        class_name="material",
        data_fetched=row.fetched,
    )


def materials_table(middle: rx.Var[str], rows: rx.Component, **props: str) -> rx.Component:
    """Material, `middle` and status columns."""
    head = rx.el.tr(
        rx.el.th(msg("Material"), scope="col"),
        rx.el.th(middle, scope="col"),
        rx.el.th(msg("Status"), scope="col"),
    )
    return rx.el.table(rx.el.thead(head), rx.el.tbody(rows), class_name="materials", **props)


def _records_note() -> rx.Component:
    return rx.cond(
        MaterialsState.records.length() > 0,
        rx.el.p(
            msg("With the same consent we also ask these department records:"),
            " ",
            rx.el.span(MaterialsState.records.join("、"), lang="zh-CN", id="department-records"),
            class_name="note",
        ),
        "",
    )


def materials_step() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Materials"), id="apply-materials"),
        materials_table(msg("How you provide it"), rx.foreach(MaterialsState.rows, _row)),
        rx.cond(
            MaterialsState.has_elicences,
            elicence_consent(
                MaterialsState.consent,
                MaterialsState.toggle_consent,
                MaterialsState.fetching,
                MaterialsState.fetch,
                ("elicence-consent", "fetch-elicences"),
                _records_note(),
            ),
            "",
        ),
        rx.cond(MaterialsState.uploadable.length() > 0, _upload_box(), ""),
        aria_labelledby="apply-materials",
    )


def _choice(choice: rx.Var[UploadChoice]) -> rx.Component:
    return rx.el.option(bilingual(choice.name, choice.name_en), value=choice.id)


def material_select(
    label: rx.Var[str], select_id: str, options: rx.Component, value, on_change
) -> rx.Component:
    return rx.fragment(
        rx.el.label(label, html_for=select_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(msg("Choose…"), value=""),
            options,
            id=select_id,
            value=value,
            on_change=on_change,
            class_name="text-input",
        ),
    )


def upload_box(
    select: rx.Component,
    upload_id: str,
    on_upload: rx.EventHandler,
    error: rx.Var[str],
    ids: tuple[str, str],
) -> rx.Component:
    """Choose a material, drop a file and upload it; `ids` are the button's and the error's."""
    return rx.el.div(
        select,
        rx.upload.root(
            rx.el.div(
                msg("Drop a photo or PDF here, or click to choose (up to 10 MB)."), class_name="dropzone"
            ),
            id=upload_id,
            multiple=False,
            max_files=1,
        ),
        rx.el.ul(rx.foreach(rx.selected_files(upload_id), lambda name: rx.el.li(name)), class_name="muted"),
        rx.el.button(
            msg("Upload"),
            on_click=on_upload(rx.upload_files_chunk(upload_id=upload_id)),
            class_name="button",
            id=ids[0],
        ),
        coded_alert(error, UPLOAD_ERRORS, msg("Something went wrong. Please try again."), ids[1]),
        class_name="stack panel",
    )


def _upload_box() -> rx.Component:
    return upload_box(
        material_select(
            msg("Upload a material"),
            "upload-material",
            rx.foreach(MaterialsState.uploadable, _choice),
            MaterialsState.upload_material,
            MaterialsState.choose_upload_material,
        ),
        UPLOAD_ID,
        MaterialsState.upload,
        MaterialsState.upload_error,
        ("upload-button", "upload-error"),
    )
