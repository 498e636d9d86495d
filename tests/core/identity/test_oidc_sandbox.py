"""The whole OIDC code flow against the real sandbox issuer over HTTP: the relying party
builds the request, a "browser" (httpx) fills in the issuer's HTML form, the callback's
code is redeemed and the resident becomes (the same) citizen."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

import core.identity.oidc_records  # noqa: F401 - importing registers the tables
from core.audit import AuditLog
from core.identity.oidc import OidcClient, OidcError
from core.identity.oidc_login import OidcLogin
from core.identity.records import CitizenRecord
from core.sandbox import SandboxHandle, start_sandbox
from core.sandbox.oidc_issuer import OidcClientRegistration

CLIENT = OidcClientRegistration("yiwang-web", "sandbox-secret", ("http://app.test/auth/oidc/callback",))
RESIDENT = ("李秀英", "410402197207280242")


class _Form(HTMLParser):
    """The fields of the issuer's page: hidden inputs, and resident choices by label text."""

    def __init__(self) -> None:
        super().__init__()
        self.action, self.fields, self.choices = "", {}, {}
        self._radio: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.action = found["action"]
        elif tag == "input" and found.get("type") == "hidden":
            self.fields[found["name"]] = found["value"]
        elif tag == "input" and found.get("type") == "radio":
            self._radio = found["value"]

    def handle_data(self, data: str) -> None:
        if self._radio is not None and data.strip():
            self.choices[data.strip()] = self._radio
            self._radio = None


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxHandle]:
    with start_sandbox(oidc_clients=[CLIENT]) as handle:
        yield handle


@pytest.fixture
def browser() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


@pytest.fixture
def login(sandbox: SandboxHandle, engine: Engine, browser: httpx.Client) -> OidcLogin:
    client = OidcClient(
        browser, sandbox.urls["oidc"], CLIENT.client_id, CLIENT.client_secret, CLIENT.redirect_uris[0]
    )
    return OidcLogin(engine, client, AuditLog(engine))


def pick_resident(browser: httpx.Client, authorize_url: str, name: str) -> dict[str, str]:
    """What a resident does on the issuer's page; returns the callback's query."""
    page = browser.get(authorize_url)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    form = _Form()
    form.feed(page.text)
    chosen = next(value for label, value in form.choices.items() if label.startswith(name))
    answer = browser.post(
        urljoin(authorize_url, form.action), data=form.fields | {"resident": chosen, "decision": "allow"}
    )
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CLIENT.redirect_uris[0]
    return dict(parse_qsl(location.query))


def test_code_flow_logs_a_resident_in_as_one_verified_citizen(
    login: OidcLogin, browser: httpx.Client, engine: Engine
) -> None:
    url, state = login.start()
    callback = pick_resident(browser, url, RESIDENT[0])
    assert callback["state"] == state
    first = login.finish(callback["code"], callback["state"])

    url, state = login.start()
    callback = pick_resident(browser, url, RESIDENT[0])
    again = login.finish(callback["code"], callback["state"])
    assert (first.is_new, again.is_new, again.citizen_id) == (True, False, first.citizen_id)
    with Session(engine) as session:
        citizen = session.get(CitizenRecord, first.citizen_id)
    assert (citizen.name, citizen.id_number) == RESIDENT
    assert citizen.real_name_verified_at is not None
    assert len(citizen.phone) == 11 and citizen.phone.startswith("1")


def test_a_code_cannot_be_redeemed_twice_through_the_client(login: OidcLogin, browser: httpx.Client) -> None:
    url, _state = login.start()
    callback = pick_resident(browser, url, RESIDENT[0])
    login.finish(callback["code"], callback["state"])
    _url, other_state = login.start()
    with pytest.raises(OidcError, match="token_exchange"):  # a fresh state, a spent code
        login.finish(callback["code"], other_state)
