"""Login with the provincial identity service from a phone: the app opens the authorize URL,
the resident chooses on the real sandbox issuer's page, and the code is exchanged for tokens."""

from __future__ import annotations

from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from core.identity.oidc import OidcError
from core.services import oidc_login
from core.settings import MOBILE_OIDC_REDIRECT
from tests.core.identity.test_oidc_sandbox import _Form
from tests.mobile_api.conftest import V1


def _callback(authorize_url: str, name: str) -> str:
    """Where the issuer sends the resident back after they allowed the login."""
    with httpx.Client(timeout=5) as browser:
        page = browser.get(authorize_url)
        form = _Form()
        form.feed(page.text)
        chosen = next(value for label, value in form.choices.items() if label.startswith(name))
        answer = browser.post(
            urljoin(authorize_url, form.action), data=form.fields | {"resident": chosen, "decision": "allow"}
        )
    assert answer.status_code == 303
    return answer.headers["location"]


def _resident_allows(authorize_url: str, name: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(_callback(authorize_url, name)).query))


def test_oidc_code_exchange_gives_tokens_of_a_verified_citizen(client: TestClient) -> None:
    start = client.post(f"{V1}/auth/oidc/start").json()
    callback = _resident_allows(start["authorize_url"], "李秀英")
    assert callback["state"] == start["state"]
    tokens = client.post(f"{V1}/auth/oidc/token", json={"code": callback["code"], "state": callback["state"]})
    assert tokens.status_code == 200, tokens.text
    me = client.get(f"{V1}/me", headers={"Authorization": f"Bearer {tokens.json()['access_token']}"}).json()
    assert me["is_real_name_verified"] and me["name"] == "李秀英"
    assert me["masked_id_number"] == "410***********0242"
    spent = client.post(f"{V1}/auth/oidc/token", json={"code": callback["code"], "state": callback["state"]})
    assert spent.status_code == 401 and spent.json()["code"] == "oidc_refused"


def test_the_app_is_called_back_on_its_own_redirect_uri(client: TestClient) -> None:
    start = client.post(f"{V1}/auth/oidc/start").json()
    assert start["redirect_uri"] == MOBILE_OIDC_REDIRECT
    assert dict(parse_qsl(urlsplit(start["authorize_url"]).query))["redirect_uri"] == MOBILE_OIDC_REDIRECT
    location = _callback(start["authorize_url"], "李秀英")
    assert location.startswith(f"{MOBILE_OIDC_REDIRECT}?")
    callback = dict(parse_qsl(urlsplit(location).query))
    body = {"code": callback["code"], "state": callback["state"], "redirect_uri": MOBILE_OIDC_REDIRECT}
    assert client.post(f"{V1}/auth/oidc/token", json=body).status_code == 200


def test_a_callback_on_another_uri_is_refused(client: TestClient) -> None:
    start = client.post(f"{V1}/auth/oidc/start").json()
    callback = _resident_allows(start["authorize_url"], "李秀英")
    body = callback | {"redirect_uri": "http://phone.test/auth/oidc/callback"}
    refused = client.post(f"{V1}/auth/oidc/token", json=body)
    assert refused.status_code == 401 and refused.json()["code"] == "oidc_refused"


def test_a_web_state_does_not_complete_a_mobile_login(client: TestClient) -> None:
    url, state = oidc_login().start()  # what the web's /auth/oidc/login does
    callback = _resident_allows(url, "李秀英")
    assert callback["state"] == state
    refused = client.post(f"{V1}/auth/oidc/token", json=callback)
    assert refused.status_code == 401 and refused.json()["code"] == "oidc_refused"
    assert oidc_login().finish(callback["code"], callback["state"]).citizen_id  # still the web's


def test_a_mobile_state_does_not_complete_a_web_login(client: TestClient) -> None:
    start = client.post(f"{V1}/auth/oidc/start").json()
    callback = _resident_allows(start["authorize_url"], "李秀英")
    with pytest.raises(OidcError, match="state"):
        oidc_login().finish(callback["code"], callback["state"], "pc")
    tokens = client.post(f"{V1}/auth/oidc/token", json=callback)
    assert tokens.status_code == 200  # the phone's own login still goes through
