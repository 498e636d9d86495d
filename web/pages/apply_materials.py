"""The materials part of applying: what each material needs and, with the resident's consent,
the e-licences fetched for them (免证办), so there is nothing to upload for those."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from core.applications.materials import attach_upload, checklist
from core.applications.uploads import UploadRejected
from core.services import drafts, fetch_draft_licences, guide_service, upload_service
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


FETCH_LABELS = {
    "uploaded": N_("Uploaded"),
    "ok": N_("Fetched from the e-licence library"),
    "none_found": N_("Not in the e-licence library: please upload it"),
    "failed": N_("The e-licence library did not answer: try again or upload it"),
}


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


class MaterialsState(rx.State):
    rows: list[MaterialRow] = []
    has_elicences: bool = False
    consent: bool = False
    fetching: bool = False
    uploadable: list[UploadChoice] = []
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
        self.uploadable = [
            UploadChoice(line.material.id, line.material.name, line.material.name_en)
            for line in lines
            if line.material.obtain.value in ("C", "A")
        ]

    @rx.event
    def choose_upload_material(self, material_id: str):
        self.upload_material = material_id if any(c.id == material_id for c in self.uploadable) else ""

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        active = current_session(self)
        if active is None or not self._draft_id:
            return rx.redirect("/login")
        if not self.upload_material:
            self.upload_error = "choose"
            return None
        self.upload_error = ""
        for file in files[:3]:
            try:
                # Checked by content, re-encoded and stored outside any public folder (never /_upload).
                stored = await asyncio.to_thread(
                    upload_service().accept,
                    active.subject_id,
                    file.filename,
                    file.file,
                    file.content_type,
                    channel="pc",
                )
            except UploadRejected as refused:
                self.upload_error = refused.code
                break
            attach_upload(
                drafts(),
                guide_service().catalogue,
                active.subject_id,
                self._draft_id,
                self.upload_material,
                stored.id,
                stored.display_name,
            )
        self.show(active.subject_id, self._draft_id)
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
            rx.match(row.fetched, *((k, msg(v)) for k, v in FETCH_LABELS.items()), ""),
            rx.cond(row.detail != "", rx.el.div(row.detail, class_name="note", lang="zh-CN"), ""),
        ),
        class_name="material",
        data_fetched=row.fetched,
    )


def materials_step() -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Materials"), id="apply-materials"),
        rx.el.table(
            rx.el.thead(
                rx.el.tr(
                    rx.el.th(msg("Material"), scope="col"),
                    rx.el.th(msg("How you provide it"), scope="col"),
                    rx.el.th(msg("Status"), scope="col"),
                )
            ),
            rx.el.tbody(rx.foreach(MaterialsState.rows, _row)),
            class_name="materials",
        ),
        rx.cond(
            MaterialsState.has_elicences,
            rx.el.div(
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        checked=MaterialsState.consent,
                        id="elicence-consent",
                        on_change=MaterialsState.toggle_consent,
                    ),
                    rx.el.span(
                        msg("I agree that my e-licences listed above are fetched for this application.")
                    ),
                    class_name="choice",
                ),
                rx.el.button(
                    rx.cond(MaterialsState.fetching, msg("Fetching…"), msg("Fetch my e-licences")),
                    on_click=MaterialsState.fetch,
                    disabled=~MaterialsState.consent | MaterialsState.fetching,
                    class_name="button",
                    id="fetch-elicences",
                ),
                class_name="stack",
            ),
            "",
        ),
        rx.cond(MaterialsState.uploadable.length() > 0, _upload_box(), ""),
        aria_labelledby="apply-materials",
    )


def _choice(choice: rx.Var[UploadChoice]) -> rx.Component:
    return rx.el.option(bilingual(choice.name, choice.name_en), value=choice.id)


def _upload_box() -> rx.Component:
    return rx.el.div(
        rx.el.label(msg("Upload a material"), html_for="upload-material", class_name="field-label"),
        rx.el.select(
            rx.el.option(msg("Choose…"), value=""),
            rx.foreach(MaterialsState.uploadable, _choice),
            id="upload-material",
            value=MaterialsState.upload_material,
            on_change=MaterialsState.choose_upload_material,
            class_name="text-input",
        ),
        rx.upload.root(
            rx.el.div(
                msg("Drop a photo or PDF here, or click to choose (up to 10 MB)."), class_name="dropzone"
            ),
            id=UPLOAD_ID,
            multiple=False,
            max_files=1,
        ),
        rx.el.ul(rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.el.li(name)), class_name="muted"),
        rx.el.button(
            msg("Upload"),
            on_click=MaterialsState.upload(rx.upload_files(upload_id=UPLOAD_ID)),
            class_name="button",
            id="upload-button",
        ),
        rx.cond(
            MaterialsState.upload_error != "",
            rx.el.p(
                rx.match(
                    MaterialsState.upload_error,
                    *((k, msg(v)) for k, v in UPLOAD_ERRORS.items()),
                    msg("Something went wrong. Please try again."),
                ),
                role="alert",
                class_name="error",
                id="upload-error",
            ),
            "",
        ),
        class_name="stack panel",
    )
