"""Work-list pieces: the filter bar and the table of items or bundles. Stateless: the page
passes its Vars and event handlers in."""

from __future__ import annotations

import reflex as rx

from editor.worklist import QUERY_MAX, DepartmentOption, WorkRow
from shared_ui.i18n import bilingual, msg


def _search_field(query: rx.Var[str]) -> rx.Component:
    return rx.el.div(
        rx.el.label(msg("Search by name or code"), html_for="worklist-query", class_name="field-label"),
        rx.el.div(
            rx.el.input(
                id="worklist-query",
                name="query",
                type="search",
                max_length=QUERY_MAX,
                default_value=query,
                class_name="search-input",
            ),
            rx.el.button(msg("Search"), type="submit", class_name="button primary"),
            class_name="search-row",
        ),
        class_name="form-field",
    )


def _department_field(
    options: rx.Var[list[DepartmentOption]], chosen: rx.Var[str], on_change: rx.EventHandler
) -> rx.Component:
    return rx.el.div(
        rx.el.label(msg("Department"), html_for="worklist-department", class_name="field-label"),
        rx.el.select(
            rx.el.option(msg("All departments"), value=""),
            rx.foreach(options, lambda d: rx.el.option(bilingual(d.name, d.name_en), value=d.code)),
            id="worklist-department",
            value=chosen,
            on_change=on_change,
            class_name="text-input",
        ),
        class_name="form-field",
    )


def _english_field(missing: rx.Var[bool], on_change: rx.EventHandler) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", id="worklist-missing-english", checked=missing, on_change=on_change),
        msg("No English yet"),
        html_for="worklist-missing-english",
        class_name="choice",
    )


def filter_bar(state: type[rx.State]) -> rx.Component:
    """The filters of a work-list state: its filter vars and its set_*/search/clear handlers."""
    return rx.el.form(
        _search_field(state.query),
        rx.el.div(
            _department_field(state.departments, state.department, state.set_department),
            _english_field(state.missing_english, state.set_missing_english),
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
        rx.el.td(row.plain_name, lang="zh-CN"),
        rx.el.td(bilingual(row.department, row.department_en)),
        rx.el.td(rx.cond(row.has_english, msg("Yes"), msg("No")), class_name="english-cell"),
    )


def _head() -> rx.Component:
    columns = (
        msg("Code"),
        msg("Official name"),
        msg("Plain-language title"),
        msg("Department"),
        msg("English"),
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
