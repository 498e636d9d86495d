"""Links that navigate inside the app without reloading the page."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def link(*children: rx.Component | rx.Var | str, href: rx.Var[str] | str, **props) -> rx.Component:
    return ReactRouterLink.create(*children, to=href, **props)
