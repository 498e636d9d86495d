"""The materials part of applying: what each material needs and, with the resident's consent,
the e-licences fetched for them (免证办), so there is nothing to upload for those."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from core.applications.materials import checklist, fetch_licences
from core.services import citizens, drafts, guide_service, licence_fetcher
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
    "ok": N_("Fetched from the e-licence library"),
    "none_found": N_("Not in the e-licence library: please upload it"),
    "failed": N_("The e-licence library did not answer: try again or upload it"),
}


class MaterialsState(rx.State):
    rows: list[MaterialRow] = []
    has_elicences: bool = False
    consent: bool = False
    fetching: bool = False
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
        id_number = citizens().prefill(owner).get("citizen.id_number", "")
        if id_number:
            # The library is a department system: fetch outside the state lock.
            await asyncio.to_thread(
                fetch_licences,
                drafts(),
                licence_fetcher(),
                guide_service().catalogue,
                owner,
                id_number,
                draft_id,
                "pc",
            )
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
        aria_labelledby="apply-materials",
    )
