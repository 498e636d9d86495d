"""What to bring, and for each material how it will be obtained (A/B/C/D)."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.badges import obtain_explanation, obtain_label
from shared_ui.i18n import bilingual, content_lang, msg
from shared_ui.views import MaterialView


def _material_row(material: rx.Var[MaterialView]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(
            rx.el.span(bilingual(material.name, material.name_en), lang=content_lang(material.name_en)),
            rx.cond(material.note != "", rx.el.div(material.note, class_name="note", lang="zh-CN"), ""),
            scope="row",
        ),
        rx.el.td(
            obtain_label(material.obtain), rx.el.div(obtain_explanation(material.obtain), class_name="note")
        ),
        rx.el.td(rx.el.span(material.form, lang="zh-CN"), " × ", material.copies),
        class_name="material",
        data_obtain=material.obtain,
    )


def materials_checklist(materials: rx.Var[list[MaterialView]], caption: rx.Var[str] | str) -> rx.Component:
    return rx.el.table(
        rx.el.caption(caption),
        rx.el.thead(
            rx.el.tr(
                rx.el.th(msg("Material"), scope="col"),
                rx.el.th(msg("How you provide it"), scope="col"),
                rx.el.th(msg("Form and copies"), scope="col"),
            )
        ),
        rx.el.tbody(rx.foreach(materials, _material_row)),
        class_name="materials",
    )
