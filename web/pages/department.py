"""Departments: the list of all, and one department's contact and services."""

from __future__ import annotations

import reflex as rx

from core.services import guide_service
from shared_ui.components.item_card import card_list
from shared_ui.components.layout import loading_or
from shared_ui.components.links import link
from shared_ui.i18n import bilingual, msg
from shared_ui.session import route_arg
from shared_ui.views import CardView, LinkView, department_href, item_card
from web.registry import citizen_page


class DepartmentState(rx.State):
    departments: list[LinkView] = []
    department: LinkView = LinkView()
    address: str = ""
    hours: str = ""
    phone: str = ""
    items: list[CardView] = []
    loaded: bool = False
    missing: bool = False
    page_title: str = "部门 · Department"

    @rx.event
    def load_departments(self):
        catalogue = guide_service().catalogue
        self.departments = [
            LinkView(
                department_href(d.code),
                d.name,
                d.name_en,
                note=f"{len(catalogue.items_of_department(d.code))}",
            )
            for d in catalogue.departments
            if catalogue.items_of_department(d.code)
        ]

    @rx.event
    def load_department(self):
        catalogue = guide_service().catalogue
        department = catalogue.find_department(route_arg(self, "code"))
        self.loaded, self.missing = department is not None, department is None
        if department is None:
            return
        self.department = LinkView(department_href(department.code), department.name, department.name_en)
        self.address, self.hours, self.phone = department.address, department.hours, department.phone
        items = sorted(catalogue.items_of_department(department.code), key=lambda i: -i.popularity)
        self.items = [item_card(catalogue, i) for i in items]
        self.page_title = f"{department.name} · {department.name_en}"


def _department_tile(entry: rx.Var[LinkView]) -> rx.Component:
    return rx.el.li(
        link(bilingual(entry.label, entry.label_en), href=entry.href, class_name="tile"),
        rx.el.span(entry.note, " ", msg("services"), class_name="muted"),
    )


@citizen_page("/departments", title="部门 · Departments", on_load=DepartmentState.load_departments)
def departments_page() -> rx.Component:
    return rx.fragment(
        rx.el.h1(msg("Departments")),
        rx.el.ul(rx.foreach(DepartmentState.departments, _department_tile), class_name="tiles"),
    )


@citizen_page("/department/[code]", title=DepartmentState.page_title, on_load=DepartmentState.load_department)
def department_page() -> rx.Component:
    d = DepartmentState.department
    return loading_or(
        DepartmentState.loaded,
        DepartmentState.missing,
        rx.el.h1(bilingual(d.label, d.label_en)),
        rx.el.dl(
            rx.el.div(
                rx.el.dt(msg("Address")), rx.el.dd(DepartmentState.address, lang="zh-CN"), class_name="fact"
            ),
            rx.el.div(
                rx.el.dt(msg("Opening hours")),
                rx.el.dd(DepartmentState.hours, lang="zh-CN"),
                class_name="fact",
            ),
            rx.el.div(rx.el.dt(msg("Phone")), rx.el.dd(DepartmentState.phone), class_name="fact"),
            class_name="facts panel",
        ),
        rx.el.h2(msg("Services")),
        card_list(DepartmentState.items),
    )
