"""A channel's page registry wraps each page in its shell and adds every page to an app once
the pages module is imported."""

from __future__ import annotations

import sys
from typing import Any

import reflex as rx

from shared_ui.registry import PageRegistry


def _framed(body: rx.Component) -> rx.Component:
    return rx.el.div(body, class_name="test-shell")


class _App:
    def __init__(self) -> None:
        self.added: list[dict[str, Any]] = []

    def add_page(self, component, **options: Any) -> None:
        self.added.append({"component": component, **options})


def test_a_page_is_wrapped_in_the_shell_and_named_with_the_prefix() -> None:
    registry = PageRegistry(_framed, "json", prefix="test_")

    @registry.page("/hello", title="Hello", on_load=None)
    def hello() -> rx.Component:
        return rx.el.p("hello", id="hello")

    assert hello.__name__ == "test_hello"
    rendered = str(hello().render())
    assert "test-shell" in rendered and "hello" in rendered
    assert [(spec.route, spec.title) for spec in registry.pages] == [("/hello", "Hello")]


def test_register_imports_the_pages_module_and_adds_every_page() -> None:
    sys.modules.pop("colorsys", None)
    registry = PageRegistry(_framed, "colorsys")
    registry.page("/a", title="A")(lambda: rx.el.p("a"))
    registry.page("/b", title="B", on_load="load_b")(lambda: rx.el.p("b"))
    app = _App()
    registry.register(app)  # type: ignore[arg-type]
    assert "colorsys" in sys.modules
    assert [(added["route"], added["title"], added["on_load"]) for added in app.added] == [
        ("/a", "A", None),
        ("/b", "B", "load_b"),
    ]


def test_every_channel_registers_its_pages() -> None:
    from bank_terminal.registry import BANK_PAGES
    from editor.registry import EDITOR_PAGES
    from kiosk.registry import KIOSK_PAGES
    from web.registry import CITIZEN_PAGES

    routes = {}
    for registry in (CITIZEN_PAGES, EDITOR_PAGES, BANK_PAGES, KIOSK_PAGES):
        app = _App()
        registry.register(app)  # type: ignore[arg-type]
        routes[registry.prefix] = {added["route"] for added in app.added}
        for added in app.added:  # each page builds inside its channel's shell
            assert isinstance(added["component"](), rx.Component), added["route"]
    assert {"/", "/apply/[code]"} <= routes[""]
    assert {"/editor", "/editor/bundles/new"} <= routes["editor_"]
    assert "/bank" in routes["bank_"]
    assert routes["kiosk_"] == {"/kiosk"}
