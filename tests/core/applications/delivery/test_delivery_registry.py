"""The plugin registry (after open-forms' registrations registry) and the demo plugin."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
import yaml
from sqlalchemy import Engine

from core.applications.delivery import register as default_registry
from core.applications.delivery.base import DeliveryPlugin, DeliveryReceipt, OutboxEntryView, Rejected
from core.applications.delivery.contrib.demo.plugin import DemoPlugin
from core.applications.delivery.contrib.sandbox_department.plugin import (
    SandboxDepartmentPlugin,
    register_sandbox_departments,
)
from core.applications.delivery.outbox import get_entry
from core.applications.delivery.registry import Registry, UnknownDepartment
from core.applications.delivery.relay import Relay
from core.settings import REPO_ROOT
from core.testing.fakes import SettableClock


class EchoPlugin(DeliveryPlugin):
    def deliver(self, entry: OutboxEntryView, client: httpx.Client) -> DeliveryReceipt:
        return DeliveryReceipt(f"ECHO-{entry.id}")


def _no_network() -> httpx.Client:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected network call to {request.url}")

    return httpx.Client(transport=httpx.MockTransport(refuse))


def test_decorator_registers_an_instance_per_department_and_returns_the_class() -> None:
    registry = Registry()
    decorated = registry("public_security")(EchoPlugin)
    registry("civil_affairs")(EchoPlugin)

    assert decorated is EchoPlugin
    assert len(registry) == 2 and "public_security" in registry and "hrss" not in registry
    plugin = registry.get("civil_affairs")
    assert isinstance(plugin, EchoPlugin) and plugin.department_code == "civil_affairs"
    assert {p.department_code for p in registry} == {"public_security", "civil_affairs"}


def test_registry_refuses_duplicates_unknowns_and_non_plugins() -> None:
    registry = Registry()
    registry("public_security")(EchoPlugin)
    with pytest.raises(ValueError, match="already"):
        registry("public_security")(EchoPlugin)
    with pytest.raises(UnknownDepartment, match="hrss"):
        registry.get("hrss")
    assert issubclass(UnknownDepartment, LookupError)
    with pytest.raises(TypeError):
        registry("hrss")(object)  # type: ignore[type-var]
    with pytest.raises(ValueError, match="department code"):
        registry("Public Security")(EchoPlugin)


def test_a_plugin_must_implement_deliver() -> None:
    class Incomplete(DeliveryPlugin):
        pass

    with pytest.raises(TypeError):
        Incomplete("hrss")  # type: ignore[abstract]


def test_fresh_registries_share_nothing_with_the_default_one() -> None:
    fresh = Registry()
    assert "demo" in default_registry and isinstance(default_registry.get("demo"), DemoPlugin)
    assert len(fresh) == 0
    fresh("demo")(DemoPlugin)
    assert fresh.get("demo") is not default_registry.get("demo")


def test_sandbox_plugin_serves_every_catalogue_department_but_keeps_registered_ones() -> None:
    codes = [
        d["code"] for d in yaml.safe_load((REPO_ROOT / "data/catalogue/departments.yaml").read_text("utf-8"))
    ]
    registry = Registry()
    registry("public_security")(EchoPlugin)
    register_sandbox_departments(registry, codes, "http://127.0.0.1:1/")

    assert len(codes) >= 5 and len(registry) == len(codes)
    assert isinstance(registry.get("public_security"), EchoPlugin)
    others = [registry.get(code) for code in codes if code != "public_security"]
    assert all(isinstance(p, SandboxDepartmentPlugin) and p.base_url == "http://127.0.0.1:1" for p in others)


def test_demo_plugin_delivers_without_network_and_recognises_a_repeat(
    engine: Engine, clock: SettableClock, submit: Callable[..., int]
) -> None:
    registry = Registry()
    registry("demo")(DemoPlugin)
    first, refused = submit("A1", "demo", name="x"), submit("A2", "demo", demo_reject=True)
    with _no_network() as client:
        Relay(engine, registry, client, clock).run_once()
        entry = get_entry(engine, first)
        assert (
            entry is not None and entry.status == "delivered" and entry.department_reference == "DEMO-000001"
        )
        plugin = registry.get("demo")
        assert plugin.deliver(entry, client) == DeliveryReceipt("DEMO-000001")  # same key, same reference
        rejected = get_entry(engine, refused)
        assert rejected is not None and rejected.status == "rejected"
        with pytest.raises(Rejected):
            plugin.deliver(rejected, client)
    assert list(plugin.received) == [entry.idempotency_key]  # type: ignore[attr-defined]


def test_a_receipt_needs_a_reference() -> None:
    with pytest.raises(ValueError):
        DeliveryReceipt(" ")
