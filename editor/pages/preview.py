"""Preview a draft on every channel side by side before it is published: the PC web guide
(shared guide sections), the mobile API's JSON (the very core rendering the API serves for
the first scenario in Chinese), the kiosk's large type and the bank
terminal's compact card, all from the same newest draft version."""

from __future__ import annotations

import json

import reflex as rx

from core.guide.editorial import EditorialError
from core.guide.renderings import draft_preview_item, mobile_item_guide
from core.services import content_blocks, editorial, guide_service
from core.settings import get_settings
from editor.access import Access, editor_access, refusal
from editor.gate import access_gate
from editor.registry import editor_page
from shared_ui.components.guide_sections import faqs, key_facts, steps, who_can_apply
from shared_ui.components.links import link
from shared_ui.guide_views import GuideView, guide_view
from shared_ui.i18n import msg, msgf
from shared_ui.session import route_arg


class PreviewState(rx.State):
    access: str = ""
    code: str = ""
    version: int = 0
    missing: bool = False
    guide: GuideView = GuideView()
    mobile_json: str = ""

    @rx.event
    def load_preview(self):
        checked = editor_access(self)
        self.access = checked.status.value
        if checked.status is not Access.ALLOWED:
            self.guide, self.mobile_json, self.code = GuideView(), "", ""
            return refusal(checked.status)
        self.code = route_arg(self, "code")[:12]
        try:
            state = editorial().state(self.code)
            published = editorial().published_item(self.code)
        except EditorialError:
            self.missing, self.guide, self.mobile_json = True, GuideView(), ""
            return None
        catalogue = guide_service().catalogue
        item = draft_preview_item(published, state.text, content_blocks().blocks())
        self.missing, self.version = False, state.version
        public_url = get_settings().public_url
        self.guide = guide_view(catalogue, item, public_url)
        payload = mobile_item_guide(catalogue, item, item.scenarios[0], "zh", public_url)
        self.mobile_json = json.dumps(payload, ensure_ascii=False, indent=2)
        return None


def _panel(title: rx.Var[str], panel_id: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.el.h2(title, id=f"{panel_id}-heading"),
        *children,
        aria_labelledby=f"{panel_id}-heading",
        class_name=f"preview-panel {panel_id}",
        id=panel_id,
    )


def _pc(guide) -> rx.Component:
    return _panel(
        msg("PC web"),
        "preview-pc",
        rx.el.p(rx.el.strong(guide.plain_name), lang="zh-CN", class_name="preview-title"),
        rx.el.p(guide.summary, lang="zh-CN"),
        key_facts(guide),
        who_can_apply(guide),
        steps(guide),
        faqs(guide),
    )


def _mobile(state) -> rx.Component:
    return _panel(
        msg("Mobile app (API JSON)"),
        "preview-mobile",
        rx.el.pre(state.mobile_json, class_name="mobile-json", lang="zh-CN", tab_index=0),
    )


def _kiosk(guide) -> rx.Component:
    return _panel(
        msg("Kiosk screen"),
        "preview-kiosk",
        rx.el.div(
            rx.el.p(guide.plain_name, class_name="kiosk-title"),
            rx.el.p(guide.summary),
            rx.el.ol(rx.foreach(guide.steps, lambda s: rx.el.li(s))),
            lang="zh-CN",
            class_name="kiosk-screen",
        ),
    )


def _bank(guide) -> rx.Component:
    return _panel(
        msg("Bank terminal"),
        "preview-bank",
        rx.el.div(
            rx.el.p(rx.el.strong(guide.plain_name)),
            rx.el.p(guide.summary, class_name="clamp"),
            rx.el.p(msgf("{days} working days", days=guide.time_limit_promised), " · ", guide.fee),
            lang="zh-CN",
            class_name="bank-card",
        ),
    )


def _previews() -> rx.Component:
    guide = PreviewState.guide
    return rx.fragment(
        rx.el.p(link(msg("Back to editing"), href="/editor/items/" + PreviewState.code)),
        rx.el.h1(msgf("Preview of draft v{version}", version=PreviewState.version)),
        rx.el.div(_pc(guide), _mobile(PreviewState), _kiosk(guide), _bank(guide), class_name="preview-grid"),
    )


@editor_page("/editor/items/[code]/preview", title="预览 · Preview", on_load=PreviewState.load_preview)
def preview_page() -> rx.Component:
    return rx.el.section(
        access_gate(
            PreviewState.access,
            rx.cond(
                PreviewState.missing,
                rx.el.p(msg("There is no item with this code."), role="alert", class_name="error"),
                _previews(),
            ),
        ),
    )
