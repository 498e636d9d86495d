"""Bundle builder: pick the items of a life event, see the one merged form, the materials
asked once and what the bundle saves, then publish it (reviewers and admins)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from core.db import get_engine
from core.guide.editorial import EditorialError
from core.guide.editorial.bundle_builder import plan_bundle, publish_bundle
from core.guide.repository import SqlCatalogueRepository
from core.identity.permissions import Permission, PermissionDenied
from core.services import audit_log, guide_service
from core.settings import get_settings
from editor.access import Access, editor_access, refusal
from editor.components import query_field
from editor.gate import access_gate
from editor.registry import editor_page
from editor.worklist import normalise_query, searched_query
from shared_ui.components.form_fields import labelled_field
from shared_ui.i18n import N_, msg, msgf

MAX_ITEMS = 12


@dataclass
class Choice:
    code: str = ""
    title: str = ""
    chosen: bool = False


@dataclass
class PlanLine:
    label: str = ""
    count: int = 0


class BundleBuilderState(rx.State):
    access: str = ""
    can_publish: bool = False
    query: str = ""
    choices: list[Choice] = []
    chosen: list[str] = []
    materials: list[PlanLine] = []
    fields: list[PlanLine] = []
    separate_fields: int = 0
    materials_saved: int = 0
    separate_materials: int = 0
    visits_saved: int = 0
    notice: str = ""
    error: str = ""
    problems: list[str] = []

    def _allowed(self) -> bool:
        checked = editor_access(self)
        self.access = checked.status.value
        if checked.status is not Access.ALLOWED or checked.caller is None:
            self.choices, self.materials, self.fields, self.chosen = [], [], [], []
            return False
        self.can_publish = checked.caller.principal.can(Permission.PUBLISH_GUIDE)
        return True

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
        self.fields = [PlanLine(f.label, 0) for f in plan.fields]
        self.separate_fields = plan.separate_fields
        self.materials_saved, self.separate_materials = (
            plan.savings.materials_saved,
            plan.savings.separate_materials,
        )
        self.visits_saved = plan.savings.visits_saved

    @rx.event
    def load_builder(self):
        if not self._allowed():
            return refusal(self.access)
        self._show()
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

    @rx.event
    def publish(self, form_data: dict):
        if not self._allowed():
            return refusal(self.access)
        data = {
            key: str(form_data.get(key, "")).strip()[:600]
            for key in (
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
        }
        data |= {"items": self.chosen, "popularity": 0}
        repository = SqlCatalogueRepository(get_engine(get_settings().database_url))
        self.notice, self.error, self.problems = "", "", []
        try:
            bundle = publish_bundle(editor_access(self).caller.principal, repository, audit_log(), data)
        except PermissionDenied:
            self.error = "not_allowed"
        except EditorialError as refused:
            self.error, self.problems = refused.code, list(refused.problems)
        else:
            self.notice = bundle.code
        return None


def _field(label: str, name: str, **props) -> rx.Component:
    control = rx.el.input(id=f"bundle-{name}", name=name, class_name="text-input", **props)
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
                merged=state.fields.length(),
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
        rx.el.ul(rx.foreach(state.fields, lambda f: rx.el.li(f.label, lang="zh-CN")), id="bundle-fields"),
        aria_labelledby="plan-heading",
        class_name="panel",
    )


def _publish_form() -> rx.Component:
    state = BundleBuilderState
    return rx.cond(
        state.can_publish,
        rx.el.form(
            rx.el.h2(msg("Publish the bundle")),
            _field(N_("Bundle code (YJS and 3 digits)"), "code", required=True, pattern="YJS[0-9]{3}"),
            _field(N_("Official name"), "name", required=True),
            _field(N_("Title (Chinese)"), "plain_name", required=True),
            _field(N_("Title (English)"), "plain_name_en"),
            _field(N_("Summary (Chinese)"), "summary", required=True),
            _field(N_("Summary (English)"), "summary_en"),
            _field(N_("Life event (id)"), "life_event", required=True),
            _field(N_("Lead department (code)"), "lead_department", required=True),
            _field(N_("Trips to a hall"), "visits", type="number", min=0, default_value="1"),
            _field(
                N_("Promised working days"), "time_limit_promised", type="number", min=0, default_value="5"
            ),
            rx.el.button(
                msg("Publish the bundle"), type="submit", class_name="button primary", id="publish-bundle"
            ),
            on_submit=state.publish,
            class_name="panel stack",
        ),
        rx.el.p(msg("Reviewers and administrators publish bundles."), class_name="muted"),
    )


def _messages() -> rx.Component:
    state = BundleBuilderState
    return rx.fragment(
        rx.cond(
            state.notice != "",
            rx.el.p(
                msgf("Bundle {code} is published.", code=state.notice),
                role="status",
                class_name="notice",
                id="bundle-notice",
            ),
            "",
        ),
        rx.cond(
            state.error != "",
            rx.el.div(
                rx.el.p(msg("The bundle could not be published. Check these fields:")),
                rx.el.ul(rx.foreach(state.problems, lambda p: rx.el.li(rx.el.code(p)))),
                role="alert",
                class_name="error",
                id="bundle-error",
            ),
            "",
        ),
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
                _messages(), rx.el.div(_picker(), _plan(), class_name="editor-columns"), _publish_form()
            ),
        ),
    )
