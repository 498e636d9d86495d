"""Start every sandbox service on loopback, each in its own background thread.

    handle = start_sandbox()                  # ephemeral ports
    handle.urls  # {"sms": "http://127.0.0.1:41234", "population": …, "oidc": …, "elicence": …, …}
    handle.stop()

`start_sandbox` is also a context manager through the handle (`with start_sandbox() as s:`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.sandbox.department_facts import DEFAULT_FACTS_FILE, build_facts_app, load_facts
from core.sandbox.department_system import DepartmentSystem, HeaderJsonServer, build_department_app
from core.sandbox.elicence_library import (
    DEFAULT_ELICENCE_FILE,
    ElicenceLibraryData,
    build_elicence_app,
    load_licences,
)
from core.sandbox.oidc_http import OidcServer
from core.sandbox.oidc_issuer import OidcClientRegistration, SandboxIssuer, registration_from_settings
from core.sandbox.population_register import (
    DEFAULT_POPULATION_FILE,
    PopulationRegisterData,
    build_population_app,
    load_residents,
)
from core.sandbox.server import JsonApp, JsonServer
from core.sandbox.sms_sink import SmsSink, build_sms_app
from core.settings import get_settings

SERVICES = ("sms", "population", "departments", "oidc", "elicence", "facts")
DEFAULT_PORTS: Mapping[str, int] = {
    "sms": 8731,
    "population": 8732,
    "departments": 8735,
    "oidc": 8733,
    "elicence": 8734,
}


@dataclass
class SandboxHandle:
    """The running sandbox: its base URLs by service name, and the in-process stores."""

    urls: dict[str, str]
    sms_sink: SmsSink
    population: PopulationRegisterData
    departments: DepartmentSystem
    oidc: SandboxIssuer | None = None
    elicence: ElicenceLibraryData | None = None
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
    oidc_clients: Iterable[OidcClientRegistration] | None = None,
    elicence_file: Path = DEFAULT_ELICENCE_FILE,
    facts_file: Path = DEFAULT_FACTS_FILE,
) -> SandboxHandle:
    """Serve the SMS sink, population register, department system and e-licence library; a port of 0
    (the default) is ephemeral. The OIDC issuer knows `oidc_clients`, by default the web app
    as the settings describe it."""
    unknown = set(ports or {}) - set(SERVICES)
    if unknown:
        raise ValueError(f"unknown sandbox services: {', '.join(sorted(unknown))}")
    chosen = {name: 0 for name in SERVICES} | dict(ports or {})
    sink = SmsSink()
    residents = load_residents(population_file)
    register = PopulationRegisterData(residents)
    clients = (registration_from_settings(get_settings()),) if oidc_clients is None else oidc_clients
    issuer = SandboxIssuer(residents, clients)
    departments = DepartmentSystem()
    apps: dict[str, JsonApp] = {
        "sms": build_sms_app(sink),
        "population": build_population_app(register),
        "departments": build_department_app(departments),
    }
    library = ElicenceLibraryData(load_licences(elicence_file))
    apps["elicence"] = build_elicence_app(library)
    apps["facts"] = build_facts_app(load_facts(facts_file))
    handle = SandboxHandle(urls={}, sms_sink=sink, population=register, departments=departments, oidc=issuer)
    handle.elicence = library
    try:
        for name in SERVICES:
            if name == "oidc":  # forms, HTML and redirects: its own server class
                server: JsonServer = OidcServer(issuer, host, chosen[name])
            else:
                server_cls = HeaderJsonServer if name == "departments" else JsonServer  # it reads headers
                server = server_cls(apps[name], host, chosen[name])
            handle._servers.append(server.start())
            handle.urls[name] = server.url
    except BaseException:
        handle.stop()
        raise
    return handle
