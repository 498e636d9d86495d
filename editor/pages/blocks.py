"""Reusable content blocks (a hall's address and hours, a hotline, a fee table): written
once, embedded in guides as {{block:slug}}, and changed everywhere at once when saved."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from core.guide.editorial import EditorialError
from core.identity.permissions import Permission, PermissionDenied
from core.services import content_blocks
from editor.access import Access, editor_access, refusal
from editor.registry import editor_page
from shared_ui.components.alerts import coded_alert
from shared_ui.components.form_fields import labelled_field
from shared_ui.i18n import N_, msg, msgf


@dataclass
class BlockRow:
    slug: str = ""
    title: str = ""
    body: str = ""
    body_en: str = ""


class BlocksState(rx.State):
    access: str = ""
    can_publish: bool = False
    blocks: list[BlockRow] = []
    saved: str = ""
    error: str = ""

    def _allowed(self) -> bool:
        checked = editor_access(self)
        self.access = checked.status.value
        if checked.status is not Access.ALLOWED or checked.caller is None:
            self.blocks = []
            return False
        self.can_publish = checked.caller.principal.can(Permission.PUBLISH_GUIDE)
        return True

    def _show(self) -> None:
        self.blocks = [
            BlockRow(b.slug, b.title, b.body, b.body_en) for b in content_blocks().blocks().values()
        ]

    @rx.event
    def load_blocks(self):
        if not self._allowed():
            return refusal(self.access)
        self._show()
        return None

    @rx.event
    def save_block(self, form_data: dict):
        if not self._allowed():
            return refusal(self.access)
        values = [str(form_data.get(k, ""))[:2000] for k in ("slug", "title", "body", "body_en")]
        self.saved, self.error = "", ""
        try:
            block = content_blocks().save(editor_access(self).caller.principal, *values)
        except PermissionDenied:
            self.error = "not_allowed"
        except EditorialError as refused:
            self.error = refused.code
        else:
            self.saved = block.slug
        self._show()
        return None


ERRORS = {
    "not_allowed": N_("Only reviewers and administrators change blocks: they change many guides at once."),
    "bad_slug": N_("The name may use lower-case letters, digits and hyphens only (up to 40)."),
    "invalid": N_("A block needs a title and a text (up to 2,000 characters)."),
}


def _block(block) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.code("{{block:", block.slug, "}}"), " ", rx.el.strong(block.title)),
        rx.el.p(block.body, lang="zh-CN"),
        rx.cond(block.body_en != "", rx.el.p(block.body_en, lang="en"), ""),
    )


def _input(label: str, field: str, rows: int = 0, **props) -> rx.Component:
    control = rx.el.textarea(rows=rows, **props) if rows else rx.el.input(**props)
    return labelled_field(msg(label), f"block-{field}", control)


def _form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(msg("Write or change a block")),
        _input(
            N_("Name (e.g. hall-xinhua)"),
            "slug",
            id="block-slug",
            name="slug",
            required=True,
            class_name="text-input",
            pattern="[a-z0-9][a-z0-9-]{0,39}",
        ),
        _input(N_("Title"), "title", id="block-title", name="title", required=True, class_name="text-input"),
        _input(
            N_("Text (Chinese)"),
            "body",
            3,
            id="block-body",
            name="body",
            required=True,
            class_name="text-input",
        ),
        _input(
            N_("Text (English)"), "body_en", 3, id="block-body_en", name="body_en", class_name="text-input"
        ),
        rx.el.button(msg("Save the block"), type="submit", class_name="button primary", id="save-block"),
        on_submit=BlocksState.save_block,
        class_name="panel stack",
    )


@editor_page("/editor/blocks", title="内容块 · Content blocks", on_load=BlocksState.load_blocks)
def blocks_page() -> rx.Component:
    state = BlocksState
    return rx.el.section(
        rx.el.h1(msg("Content blocks")),
        rx.el.p(msg("Embed a reusable block with {{block:name}}, e.g. a hall's address.")),
        rx.cond(
            state.saved != "",
            rx.el.p(
                msgf("Block {slug} saved: every guide using it shows the new text.", slug=state.saved),
                role="status",
                class_name="notice",
            ),
            "",
        ),
        coded_alert(state.error, ERRORS),
        rx.el.ul(rx.foreach(state.blocks, _block), id="blocks"),
        rx.cond(state.can_publish, _form(), ""),
    )
