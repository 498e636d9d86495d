"""One page registry per channel: a decorator that wraps each page body in the channel's
shell and remembers it, and `register` that adds the remembered pages to an app."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

Shell = Callable[[rx.Component], rx.Component]
PageBody = Callable[[], rx.Component]


@dataclass(frozen=True)
class PageSpec:
    route: str
    title: Any
    component: PageBody
    on_load: Any = None


@dataclass
class PageRegistry:
    """The pages of one channel. `pages_module` is imported by `register` (importing it
    registers its pages), so building the registry does not load the pages."""

    shell: Shell
    pages_module: str
    prefix: str = ""
    pages: list[PageSpec] = field(default_factory=list)

    def page(self, route: str, title: Any, on_load: Any = None) -> Callable[[PageBody], PageBody]:
        """Wrap a page body in the channel's shell and remember it for `register`."""

        def decorate(body: PageBody) -> PageBody:
            def page() -> rx.Component:
                return self.shell(body())

            page.__name__ = f"{self.prefix}{body.__name__}"
            self.pages.append(PageSpec(route, title, page, on_load))
            return page

        return decorate

    def register(self, app: rx.App) -> None:
        importlib.import_module(self.pages_module)
        for spec in self.pages:
            app.add_page(spec.component, route=spec.route, title=spec.title, on_load=spec.on_load)
