"""Bundle builder: pick the items of a life event, see the one merged form, the materials
asked once and what the bundle saves, then save it as a draft for a second person to review
(or publish it now with a reason). Citizens see a bundle's last published version."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from pydantic import BaseModel

from core.guide.editorial import ReviewWorkflow
from core.guide.editorial.bundle_builder import plan_bundle
from core.services import bundle_workflow, guide_service
from editor.access import refusal
from editor.components import query_field
from editor.gate import access_gate
from editor.guide_components import review_messages, workflow_panel
from editor.registry import editor_page
from editor.review import ReviewMixin
from editor.review_components import entry_list
from editor.worklist import normalise_query, searched_query
from shared_ui.components.form_fields import labelled_field
from shared_ui.i18n import N_, msg, msgf

MAX_ITEMS = 12
BUNDLE_FIELDS = (
    "code",
    "name",
    "plain_name",
    "plain_name_en",
    "summary",
    "summary_en",
    "life_event",
    "lead_department",
    "visits",
    "time_limit_promised",
)
NEW_BUNDLE = dict.fromkeys(BUNDLE_FIELDS, "") | {"visits": "1", "time_limit_promised": "5"}


@dataclass
class Choice:
    code: str = ""
    title: str = ""
    chosen: bool = False


@dataclass
class PlanLine:
    label: str = ""
    count: int = 0


class BundleBuilderState(ReviewMixin, rx.State):
    query: str = ""
    choices: list[Choice] = []
    chosen: list[str] = []
    fields: dict[str, str] = NEW_BUNDLE
    materials: list[PlanLine] = []
    plan_fields: list[PlanLine] = []
    separate_fields: int = 0
    materials_saved: int = 0
    separate_materials: int = 0
    visits_saved: int = 0

    def _workflow(self) -> ReviewWorkflow:
        return bundle_workflow()

    def _key(self) -> str:
        return self.fields.get("code", "").strip()

    def _on_screen(self) -> dict:
        data = {key: self.fields.get(key, "").strip()[:600] for key in BUNDLE_FIELDS}
        return data | {"items": list(self.chosen), "popularity": 0}

    def _show_content(self, key: str, content: BaseModel) -> None:
        data = content.model_dump(mode="json")
        self.fields = {name: str(data.get(name, "")) for name in BUNDLE_FIELDS}
        self.chosen = list(content.items)
        self._show()

    def _show(self) -> None:
        catalogue = guide_service().catalogue
        query = normalise_query(self.query)
        self.choices = [
            Choice(item.code, item.plain_name, item.code in self.chosen)
            for item in catalogue.items
            if item.code in self.chosen
            or (query and (query in item.code or query in item.plain_name.casefold()))
        ][:40]
        plan = plan_bundle(catalogue, self.chosen)
        self.materials = [PlanLine(m.material.name, len(m.needed_by)) for m in plan.materials]
        self.plan_fields = [PlanLine(f.label, 0) for f in plan.fields]
        self.separate_fields = plan.separate_fields
        self.materials_saved, self.separate_materials = (
            plan.savings.materials_saved,
            plan.savings.separate_materials,
        )
        self.visits_saved = plan.savings.visits_saved

    @rx.event
    def load_builder(self):
        if not self._allowed():
            self.choices, self.materials, self.plan_fields, self.chosen = [], [], [], []
            return refusal(self.access)
        self.fields, self.chosen, self.query = dict(NEW_BUNDLE), [], ""
        self.notice, self.error, self.problems = "", "", []
        self._clear_state()
        self._list_entries()
        self._show()
        return None

    @rx.event
    def set_field(self, name: str, value: str):
        if not self._allowed():
            return refusal(self.access)
        editable = BUNDLE_FIELDS if self.status == "" else BUNDLE_FIELDS[1:]  # an open bundle keeps its code
        if name in editable:
            self.fields = self.fields | {name: str(value)[:600]}
        return None

    @rx.event
    def open_entry(self, code: str):
        if not self._allowed():
            return refusal(self.access)
        self._open(str(code)[:40])
        return None

    @rx.event
    def search_items(self, form_data: dict):
        if not self._allowed():
            return refusal(self.access)
        self.query = searched_query(form_data)
        self._show()
        return None

    @rx.event
    def toggle_item(self, code: str):
        if not self._allowed():
            return refusal(self.access)
        if code in self.chosen:
            self.chosen = [c for c in self.chosen if c != code]
        elif guide_service().item(code) is not None and len(self.chosen) < MAX_ITEMS:
            self.chosen = [*self.chosen, code]
        self._show()
        return None


def _field(label: str, name: str, **props) -> rx.Component:
    state = BundleBuilderState
    control = rx.el.input(
        id=f"bundle-{name}",
        value=state.fields[name],
        on_change=lambda value: state.set_field(name, value),
        class_name="text-input",
        **props,
    )
    return labelled_field(msg(label), f"bundle-{name}", control)


def _picker() -> rx.Component:
    state = BundleBuilderState
    return rx.el.section(
        rx.el.h2(msg("Items in the bundle"), id="picker-heading"),
        rx.el.form(
            query_field(msg("Find items by name or code"), "bundle-query", state.query),
            on_submit=state.search_items,
            role="search",
        ),
        rx.el.ul(
            rx.foreach(
                state.choices,
                lambda c: rx.el.li(
                    rx.el.label(
                        rx.el.input(
                            type="checkbox", checked=c.chosen, on_change=lambda _v: state.toggle_item(c.code)
                        ),
                        " ",
                        rx.el.code(c.code),
                        " ",
                        rx.el.span(c.title, lang="zh-CN"),
                    )
                ),
            ),
            id="bundle-choices",
        ),
        aria_labelledby="picker-heading",
        class_name="panel",
    )


def _plan() -> rx.Component:
    state = BundleBuilderState
    return rx.el.section(
        rx.el.h2(msg("What the bundle asks for and saves"), id="plan-heading"),
        rx.el.p(msgf("{n} items chosen", n=state.chosen.length()), id="bundle-chosen-count", role="status"),
        rx.el.p(
            msgf(
                "One form with {merged} questions instead of {separate}",
                merged=state.plan_fields.length(),
                separate=state.separate_fields,
            ),
            id="bundle-fields-summary",
        ),
        rx.el.p(
            msgf(
                "{merged} documents instead of {separate}",
                merged=state.materials.length(),
                separate=state.separate_materials,
            ),
            id="bundle-materials-summary",
        ),
        rx.el.h3(msg("Documents, each asked once")),
        rx.el.ul(
            rx.foreach(state.materials, lambda m: rx.el.li(rx.el.span(m.label, lang="zh-CN"), " ×", m.count)),
            id="bundle-materials",
        ),
        rx.el.h3(msg("Questions on the merged form")),
        rx.el.ul(
            rx.foreach(state.plan_fields, lambda f: rx.el.li(f.label, lang="zh-CN")), id="bundle-fields"
        ),
        aria_labelledby="plan-heading",
        class_name="panel",
    )


def _bundle_form() -> rx.Component:
    state = BundleBuilderState
    return rx.el.div(
        rx.el.h2(msg("The bundle")),
        rx.el.button(msg("Compose a new bundle"), on_click=state.load_builder, class_name="link-button"),
        _field(
            N_("Bundle code (YJS and 3 digits)"), "code", pattern="YJS[0-9]{3}", read_only=state.status != ""
        ),
        _field(N_("Official name"), "name"),
        _field(N_("Title (Chinese)"), "plain_name"),
        _field(N_("Title (English)"), "plain_name_en"),
        _field(N_("Summary (Chinese)"), "summary"),
        _field(N_("Summary (English)"), "summary_en"),
        _field(N_("Life event (id)"), "life_event"),
        _field(N_("Lead department (code)"), "lead_department"),
        _field(N_("Trips to a hall"), "visits", type="number", min=0),
        _field(N_("Promised working days"), "time_limit_promised", type="number", min=0),
        class_name="panel stack",
    )


@editor_page(
    "/editor/bundles/new", title="组合一件事 · Bundle builder", on_load=BundleBuilderState.load_builder
)
def bundle_builder_page() -> rx.Component:
    return rx.el.section(
        rx.el.h1(msg("Bundle builder")),
        access_gate(
            BundleBuilderState.access,
            rx.fragment(
                review_messages(BundleBuilderState),
                entry_list(BundleBuilderState),
                rx.el.div(_picker(), _plan(), class_name="editor-columns"),
                _bundle_form(),
                workflow_panel(BundleBuilderState),
            ),
        ),
    )
