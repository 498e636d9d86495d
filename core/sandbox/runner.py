"""Start every sandbox service on loopback, each in its own background thread.

    handle = start_sandbox()                  # ephemeral ports
    handle.urls  # {"sms": "http://127.0.0.1:41234", "population": "http://127.0.0.1:41235"}
    handle.stop()

`start_sandbox` is also a context manager through the handle (`with start_sandbox() as s:`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.sandbox.population_register import (
    DEFAULT_POPULATION_FILE,
    PopulationRegisterData,
    build_population_app,
    load_residents,
)
from core.sandbox.server import JsonApp, JsonServer
from core.sandbox.sms_sink import SmsSink, build_sms_app

SERVICES = ("sms", "population")
DEFAULT_PORTS: Mapping[str, int] = {"sms": 8731, "population": 8732}


@dataclass
class SandboxHandle:
    """The running sandbox: its base URLs by service name, and the in-process stores."""

    urls: dict[str, str]
    sms_sink: SmsSink
    population: PopulationRegisterData
    _servers: list[JsonServer] = field(default_factory=list, repr=False)

    def stop(self) -> None:
        """Stop every server and free its port; safe to call twice."""
        while self._servers:
            self._servers.pop().stop()

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_sandbox(
    host: str = "127.0.0.1",
    ports: Mapping[str, int] | None = None,
    population_file: Path = DEFAULT_POPULATION_FILE,
) -> SandboxHandle:
    """Serve the SMS sink and the population register; a port of 0 (the default) is ephemeral."""
    unknown = set(ports or {}) - set(SERVICES)
    if unknown:
        raise ValueError(f"unknown sandbox services: {', '.join(sorted(unknown))}")
    chosen = {name: 0 for name in SERVICES} | dict(ports or {})
    sink = SmsSink()
    register = PopulationRegisterData(load_residents(population_file))
    apps: dict[str, JsonApp] = {"sms": build_sms_app(sink), "population": build_population_app(register)}
    handle = SandboxHandle(urls={}, sms_sink=sink, population=register)
    try:
        for name in SERVICES:
            server = JsonServer(apps[name], host, chosen[name])
            handle._servers.append(server.start())
            handle.urls[name] = server.url
    except BaseException:
        handle.stop()
        raise
    return handle
