"""Reusable content blocks (a hall's address and hours, a hotline, a fee table): written
once, embedded in guides as {{block:slug}}. A change is a draft until a second person
approves it (or it is published now with a reason); guides show the published text."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from pydantic import BaseModel

from core.guide.editorial import ReviewWorkflow
from core.services import block_workflow, content_blocks
from editor.access import refusal
from editor.gate import access_gate
from editor.guide_components import review_messages, workflow_panel
from editor.registry import editor_page
from editor.review import ReviewMixin
from editor.review_components import entry_list
from shared_ui.components.form_fields import labelled_field
from shared_ui.i18n import N_, msg

BLOCK_FIELDS = ("slug", "title", "body", "body_en")


@dataclass
class BlockRow:
    slug: str = ""
    title: str = ""
    body: str = ""
    body_en: str = ""


class BlocksState(ReviewMixin, rx.State):
    blocks: list[BlockRow] = []
    slug: str = ""
    title: str = ""
    body: str = ""
    body_en: str = ""

    def _workflow(self) -> ReviewWorkflow:
        return block_workflow()

    def _key(self) -> str:
        return self.slug.strip()

    def _on_screen(self) -> dict:
        return {"title": self.title, "body": self.body, "body_en": self.body_en}

    def _show_content(self, key: str, content: BaseModel) -> None:
        self.slug, self.title, self.body, self.body_en = key, content.title, content.body, content.body_en
        self._show_published()

    def _show_published(self) -> None:
        self.blocks = [
            BlockRow(b.slug, b.title, b.body, b.body_en) for b in content_blocks().blocks().values()
        ]

    @rx.event
    def load_blocks(self):
        if not self._allowed():
            self.blocks = []
            return refusal(self.access)
        self.slug, self.title, self.body, self.body_en = "", "", "", ""
        self.notice, self.error, self.problems = "", "", []
        self._clear_state()
        self._show_published()
        self._list_entries()
        return None

    @rx.event
    def set_field(self, name: str, value: str):
        if not self._allowed():
            return refusal(self.access)
        editable = BLOCK_FIELDS if self.status == "" else BLOCK_FIELDS[1:]  # an open block keeps its name
        if name in editable:
            setattr(self, name, str(value)[:2000])
        return None

    @rx.event
    def open_entry(self, slug: str):
        if not self._allowed():
            return refusal(self.access)
        self._open(str(slug)[:40])
        return None


def _block(block) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.code("{{block:", block.slug, "}}"), " ", rx.el.strong(block.title)),
        rx.el.p(block.body, lang="zh-CN"),
        rx.cond(block.body_en != "", rx.el.p(block.body_en, lang="en"), ""),
        rx.el.button(msg("Open"), on_click=BlocksState.open_entry(block.slug), class_name="link-button"),
    )


def _input(label: str, field: str, rows: int = 0, **props) -> rx.Component:
    props |= {
        "id": f"block-{field}",
        "value": getattr(BlocksState, field),
        "on_change": lambda value: BlocksState.set_field(field, value),
        "class_name": "text-input",
    }
    control = rx.el.textarea(rows=rows, **props) if rows else rx.el.input(**props)
    return labelled_field(msg(label), f"block-{field}", control)


def _form() -> rx.Component:
    return rx.el.div(
        rx.el.h2(msg("Write or change a block")),
        rx.el.button(msg("Write a new block"), on_click=BlocksState.load_blocks, class_name="link-button"),
        _input(
            N_("Name (e.g. hall-xinhua)"),
            "slug",
            read_only=BlocksState.status != "",
            pattern="[a-z0-9][a-z0-9-]{0,39}",
        ),
        _input(N_("Title"), "title"),
        _input(N_("Text (Chinese)"), "body", 3),
        _input(N_("Text (English)"), "body_en", 3),
        class_name="panel stack",
    )


@editor_page("/editor/blocks", title="内容块 · Content blocks", on_load=BlocksState.load_blocks)
def blocks_page() -> rx.Component:
    state = BlocksState
    return rx.el.section(
        rx.el.h1(msg("Content blocks")),
        rx.el.p(msg("Embed a reusable block with {{block:name}}, e.g. a hall's address.")),
        access_gate(
            state.access,
            rx.fragment(
                review_messages(state),
                rx.el.h2(msg("Published blocks")),
                rx.el.ul(rx.foreach(state.blocks, _block), id="blocks"),
                entry_list(state),
                _form(),
                workflow_panel(state),
            ),
        ),
    )
