"""Work-list pieces: the search field (also the bundle builder's), the filter bar and the
table of items or bundles. Stateless: the page passes its Vars and event handlers in."""

from __future__ import annotations

import reflex as rx

from editor.worklist import QUERY_MAX, DepartmentOption, WorkRow
from shared_ui.components.form_fields import labelled_field
from shared_ui.components.links import link
from shared_ui.i18n import N_, bilingual, msg


def query_field(label: rx.Var[str], field_id: str, query: rx.Var[str]) -> rx.Component:
    """A labelled search input named `query` and its Search button, for a form with role=search."""
    row = rx.el.div(
        rx.el.input(
            id=field_id,
            name="query",
            type="search",
            max_length=QUERY_MAX,
            default_value=query,
            class_name="search-input",
        ),
        rx.el.button(msg("Search"), type="submit", class_name="button primary"),
        class_name="search-row",
    )
    return labelled_field(label, field_id, row)


def _department_field(
    options: rx.Var[list[DepartmentOption]], chosen: rx.Var[str], on_change: rx.EventHandler
) -> rx.Component:
    select = rx.el.select(
        rx.el.option(msg("All departments"), value=""),
        rx.foreach(options, lambda d: rx.el.option(bilingual(d.name, d.name_en), value=d.code)),
        id="worklist-department",
        value=chosen,
        on_change=on_change,
        class_name="text-input",
    )
    return labelled_field(msg("Department"), "worklist-department", select)


def _english_field(missing: rx.Var[bool], on_change: rx.EventHandler) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", id="worklist-missing-english", checked=missing, on_change=on_change),
        msg("No English yet"),
        html_for="worklist-missing-english",
        class_name="choice",
    )


STATUS_LABELS = {
    "draft": N_("Draft"),
    "in_review": N_("In review"),
    "scheduled": N_("Scheduled"),
    "published": N_("Published"),
}
TOGGLES = (
    ("no_plain_text", N_("No plain-language text yet")),
    ("changed_since_review", N_("Changed since last review")),
    ("readability_warnings", N_("Readability warnings")),
)


def _status_field(chosen: rx.Var[str], on_change: rx.EventHandler) -> rx.Component:
    select = rx.el.select(
        rx.el.option(msg("Any status"), value=""),
        *(rx.el.option(msg(label), value=value) for value, label in STATUS_LABELS.items()),
        id="worklist-status",
        value=chosen,
        on_change=on_change,
        class_name="text-input",
    )
    return labelled_field(msg("Status"), "worklist-status", select)


def _toggle(state: type[rx.State], name: str, label: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            id=f"worklist-{name}",
            checked=getattr(state, name),
            on_change=lambda _checked: state.toggle_filter(name),
        ),
        msg(label),
        html_for=f"worklist-{name}",
        class_name="choice",
    )


def filter_bar(state: type[rx.State]) -> rx.Component:
    """The filters of a work-list state: its filter vars and its set_*/search/clear handlers."""
    return rx.el.form(
        query_field(msg("Search by name or code"), "worklist-query", state.query),
        rx.el.div(
            _department_field(state.departments, state.department, state.set_department),
            _status_field(state.status, state.set_status),
            _english_field(state.missing_english, state.set_missing_english),
            *(_toggle(state, name, label) for name, label in TOGGLES),
            rx.el.button(
                msg("Clear filters"), type="button", on_click=state.clear_filters, class_name="button"
            ),
            class_name="filter-row",
        ),
        on_submit=state.search,
        role="search",
        aria_label=msg("Filter the work list"),
        class_name="filters panel",
    )


def _row(row: rx.Var[WorkRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(row.code)),
        rx.el.td(row.name, lang="zh-CN"),
        rx.el.td(
            rx.cond(row.href != "", link(row.plain_name, href=row.href), rx.el.span(row.plain_name)),
            lang="zh-CN",
        ),
        rx.el.td(bilingual(row.department, row.department_en)),
        rx.el.td(rx.cond(row.has_english, msg("Yes"), msg("No")), class_name="english-cell"),
        rx.el.td(
            rx.match(
                row.status, *((value, msg(label)) for value, label in STATUS_LABELS.items()), row.status
            ),
            rx.cond(row.flagged, rx.el.span(" ⚑ ", msg("not reviewed")), ""),
        ),
        rx.el.td(row.warnings, class_name="warnings-cell"),
    )


def _head() -> rx.Component:
    columns = (
        msg("Code"),
        msg("Official name"),
        msg("Plain-language title"),
        msg("Department"),
        msg("English"),
        msg("Status"),
        msg("Readability warnings"),
    )
    return rx.el.thead(rx.el.tr(*(rx.el.th(column, scope="col") for column in columns)))


def work_table(rows: rx.Var[list[WorkRow]], caption: rx.Var[str], table_id: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.el.table(
            rx.el.caption(caption),
            _head(),
            rx.el.tbody(rx.foreach(rows, _row)),
            id=table_id,
            class_name="work-table",
        ),
        rx.el.p(msg("Nothing matches these filters."), class_name="muted", id=f"{table_id}-empty"),
    )
