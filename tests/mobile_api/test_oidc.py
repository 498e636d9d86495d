"""Login with the provincial identity service from a phone: the app opens the authorize URL,
the resident chooses on the real sandbox issuer's page, and the code is exchanged for tokens."""

from __future__ import annotations

from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
from fastapi.testclient import TestClient

from tests.core.identity.test_oidc_sandbox import _Form
from tests.mobile_api.conftest import V1


def _resident_allows(authorize_url: str, name: str) -> dict[str, str]:
    with httpx.Client(timeout=5) as browser:
        page = browser.get(authorize_url)
        form = _Form()
        form.feed(page.text)
        chosen = next(value for label, value in form.choices.items() if label.startswith(name))
        answer = browser.post(
            urljoin(authorize_url, form.action), data=form.fields | {"resident": chosen, "decision": "allow"}
        )
    assert answer.status_code == 303
    return dict(parse_qsl(urlsplit(answer.headers["location"]).query))


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
