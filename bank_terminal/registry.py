"""The bank terminal's page decorator and the list of its pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from bank_terminal.shell import bank_shell


@dataclass(frozen=True)
class PageSpec:
    route: str
    title: Any
    component: Callable[[], rx.Component]
    on_load: Any = None


PAGES: list[PageSpec] = []


def bank_page(route: str, title: Any, on_load: Any = None) -> Callable:
    def decorate(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def page() -> rx.Component:
            return bank_shell(body())

        page.__name__ = f"bank_{body.__name__}"
        PAGES.append(PageSpec(route, title, page, on_load))
        return page

    return decorate


def register(app: rx.App) -> None:
    from bank_terminal.pages import ALL_PAGE_MODULES  # noqa: F401 - importing registers the pages

    for spec in PAGES:
        app.add_page(spec.component, route=spec.route, title=spec.title, on_load=spec.on_load)
