"""On the application page: the signed 告知承诺, each material still owed with its deadline, and
an upload that supplies it (checked by content and stored privately, like every upload)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from core.applications.commitments import CommitmentRefused
from core.applications.drafts import DraftNotFound
from core.clock import BEIJING
from core.services import commitments
from shared_ui.i18n import bilingual, msg, msgf
from shared_ui.session import current_session
from web.pages.apply_materials import material_select, materials_table, receive_upload, upload_box

SUPPLY_UPLOAD_ID = "owed-upload"


@dataclass
class OwedRow:
    material_id: str = ""
    name: str = ""
    name_en: str = ""
    due_on: str = ""
    state: str = ""  # owed, overdue, supplied


@dataclass
class SignatureRow:
    signer_name: str = ""
    signed_at: str = ""


class OwedState(rx.State):
    signatures: list[SignatureRow] = []
    owed: list[OwedRow] = []
    supply_material: str = ""
    supply_error: str = ""
    _application_id: str = ""

    def show(self, owner: str, application_id: str) -> None:
        service = commitments()
        self._application_id = application_id
        self.signatures = [
            SignatureRow(s.signer_name, s.signed_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"))
            for s in service.signatures(owner, application_id)
        ]
        self.owed = [
            OwedRow(
                line.material_id,
                line.name,
                line.name_en,
                line.due_on.isoformat(),
                "supplied" if line.supplied else "overdue" if line.overdue else "owed",
            )
            for line in service.owed(owner, application_id)
        ]

    @rx.event
    def choose_material(self, material_id: str):
        open_ids = {row.material_id for row in self.owed if row.state != "supplied"}
        self.supply_material = material_id if material_id in open_ids else ""

    @rx.event(background=True)
    async def supply(self, chunks: rx.UploadChunkIterator):
        async with self:
            active = current_session(self)
            owner, application_id = (active.subject_id if active else None), self._application_id
            material = self.supply_material
        stored, error = await receive_upload(owner if application_id and material else None, chunks)
        if owner is None or not application_id:
            return rx.redirect("/login")
        if stored is not None:
            try:
                await asyncio.to_thread(commitments().supply, owner, application_id, material, stored.id)
            except (CommitmentRefused, DraftNotFound):
                error = "not_owed"
        async with self:
            self.supply_error = "choose" if not material else error
            if not self.supply_error:
                self.supply_material = ""
            self.show(owner, application_id)
            from web.pages.application import ApplicationState  # the page module imports this one

            page = await self.get_state(ApplicationState)
            page.show_events(owner, application_id)
        return rx.clear_selected_files(SUPPLY_UPLOAD_ID)


def _owed_row(row: rx.Var[OwedRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(bilingual(row.name, row.name_en), scope="row"),
        rx.el.td(row.due_on, class_name="due-on"),
        rx.el.td(
            rx.match(
                row.state,
                ("supplied", msg("Supplied")),
                ("overdue", msg("Overdue: supply it now")),
                msg("Still owed"),
            )
        ),
        class_name="owed",
        data_state=row.state,
    )


def _choice(row: rx.Var[OwedRow]) -> rx.Component:
    return rx.cond(
        row.state != "supplied", rx.el.option(bilingual(row.name, row.name_en), value=row.material_id), ""
    )


def _supply_box() -> rx.Component:
    return upload_box(
        material_select(
            msg("Supply a material"),
            "owed-material",
            rx.foreach(OwedState.owed, _choice),
            OwedState.supply_material,
            OwedState.choose_material,
        ),
        SUPPLY_UPLOAD_ID,
        OwedState.supply,
        OwedState.supply_error,
        ("supply-button", "supply-error"),
    )


def _signature(row: rx.Var[SignatureRow]) -> rx.Component:
    return rx.el.p(msgf("Signed by {name} at {time}", name=row.signer_name, time=row.signed_at))


def commitment_panel() -> rx.Component:
    return rx.cond(
        OwedState.signatures.length() > 0,
        rx.el.section(
            rx.el.h2(msg("Your signed commitment"), id="commitment"),
            rx.foreach(OwedState.signatures, _signature),
            rx.cond(
                OwedState.owed.length() > 0,
                rx.fragment(
                    rx.el.p(msg("Supply what your commitment still owes by its deadline:")),
                    materials_table(
                        msg("Deadline"), rx.foreach(OwedState.owed, _owed_row), id="owed-materials"
                    ),
                    _supply_box(),
                ),
                rx.el.p(msg("Your commitment owes no further material.")),
            ),
            aria_labelledby="commitment",
            class_name="panel",
        ),
        "",
    )
