"""The registry of delivery plugins, keyed by department code (see data/catalogue/departments.yaml).

    @register("public_security")
    class PublicSecurityPlugin(DeliveryPlugin): ...

`register` is the default registry; tests build a fresh `Registry()` and pass it to the
relay, so registrations of one test never leak into another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from core.applications.delivery.base import DeliveryPlugin

PluginT = TypeVar("PluginT", bound=type[DeliveryPlugin])
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")  # the shape of a Department.code


class UnknownDepartment(LookupError):
    """No plugin is registered for this department code."""


class Registry:
    """Plugins by department code; one plugin per code."""

    def __init__(self) -> None:
        self._plugins: dict[str, DeliveryPlugin] = {}

    def __call__(self, department_code: str) -> Callable[[PluginT], PluginT]:
        """Decorator: instantiate the plugin class for `department_code` and register it."""

        def decorator(plugin_cls: PluginT) -> PluginT:
            if not (isinstance(plugin_cls, type) and issubclass(plugin_cls, DeliveryPlugin)):
                raise TypeError(f"{plugin_cls!r} is not a DeliveryPlugin subclass")
            self.add(plugin_cls(department_code))
            return plugin_cls

        return decorator

    def add(self, plugin: DeliveryPlugin) -> None:
        """Register an already configured plugin instance under its department code."""
        code = plugin.department_code
        if not _CODE.fullmatch(code):
            raise ValueError(f"{code!r} is not a department code (lowercase letters, digits, _)")
        if code in self._plugins:
            raise ValueError(f"department {code!r} already has a delivery plugin")
        self._plugins[code] = plugin

    def get(self, department_code: str) -> DeliveryPlugin:
        try:
            return self._plugins[department_code]
        except KeyError:
            raise UnknownDepartment(f"no delivery plugin for department {department_code!r}") from None

    def __contains__(self, department_code: object) -> bool:
        return department_code in self._plugins

    def __iter__(self) -> Iterator[DeliveryPlugin]:
        return iter(self._plugins.values())

    def __len__(self) -> int:
        return len(self._plugins)


register = Registry()
