"""A life-event bundle (一件事): its items, one merged set of materials, what it saves."""

from __future__ import annotations

import reflex as rx

from core.services import guide_service
from core.settings import get_settings
from shared_ui.components.item_card import card_list
from shared_ui.components.layout import loading_or
from shared_ui.components.links import link
from shared_ui.components.materials_checklist import materials_checklist
from shared_ui.components.qr_image import qr_image
from shared_ui.guide_views import BundleView, bundle_view
from shared_ui.i18n import bilingual, content_lang, msg, msgf
from shared_ui.session import route_arg
from web.registry import citizen_page


class BundleState(rx.State):
    bundle: BundleView = BundleView()
    loaded: bool = False
    missing: bool = False
    page_title: str = "一件事 · Life-event bundle"

    @rx.event
    def load_bundle(self):
        code = route_arg(self, "code")
        service = guide_service()
        guide = service.bundle_guide(code)
        self.loaded, self.missing = guide is not None, guide is None
        if guide is None:
            self.bundle = BundleView()
            return
        self.bundle = bundle_view(service.catalogue, guide, get_settings().public_url)
        self.page_title = f"{guide.bundle.plain_name} · {guide.bundle.plain_name_en or guide.bundle.name}"


def savings() -> rx.Component:
    s = BundleState.bundle.savings
    return rx.el.section(
        rx.el.h2(msg("What you save"), id="savings"),
        rx.el.ul(
            rx.el.li(msgf("{n} services with one form", n=s.item_count)),
            rx.el.li(
                msgf(
                    "{n} fewer documents to bring ({merged} instead of {separate})",
                    n=s.materials_saved,
                    merged=s.merged_materials,
                    separate=s.separate_materials,
                )
            ),
            rx.el.li(
                msgf(
                    "{n} fewer trips ({bundle} instead of {separate})",
                    n=s.visits_saved,
                    bundle=s.bundle_visits,
                    separate=s.separate_visits,
                )
            ),
            rx.el.li(msgf("{n} fewer forms", n=s.forms_saved)),
            class_name="savings",
        ),
        aria_labelledby="savings",
        class_name="panel",
    )


def bundle_body() -> rx.Component:
    b = BundleState.bundle
    return rx.el.article(
        rx.el.h1(bilingual(b.plain_name, b.plain_name_en), lang=content_lang(b.plain_name_en)),
        rx.el.p(
            rx.el.span(b.name, lang="zh-CN"),
            " · ",
            link(bilingual(b.department.label, b.department.label_en), href=b.department.href),
            class_name="official-name",
        ),
        rx.el.p(bilingual(b.summary, b.summary_en), class_name="lead", lang=content_lang(b.summary_en)),
        rx.el.div(
            rx.el.div(
                savings(),
                link(
                    msg("Apply for all of it at once"),
                    href="/apply/" + b.code,
                    class_name="button primary",
                    id="apply-online",
                ),
                rx.el.section(
                    rx.el.h2(msg("What to bring, once for all"), id="materials"),
                    materials_checklist(b.materials, msg("Materials for the whole bundle")),
                    aria_labelledby="materials",
                ),
                rx.el.section(
                    rx.el.h2(msg("Services in this bundle"), id="bundle-items"),
                    card_list(b.members),
                    aria_labelledby="bundle-items",
                ),
                class_name="guide-main",
            ),
            rx.el.div(qr_image(b.qr_svg, b.entry_url), class_name="guide-side"),
            class_name="guide-layout",
        ),
        class_name="guide",
    )


@citizen_page("/bundle/[code]", title=BundleState.page_title, on_load=BundleState.load_bundle)
def bundle_page() -> rx.Component:
    return loading_or(BundleState.loaded, BundleState.missing, bundle_body())
