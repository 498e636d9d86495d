"""The sandbox identity service as a real OIDC issuer over HTTP: what it publishes, what
it signs, and every request it must refuse (PKCE, redirect_uri, code reuse and expiry)."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import httpx
import jwt
import pytest

from core.identity.oidc import code_challenge
from core.sandbox.oidc_http import OidcServer
from core.sandbox.oidc_issuer import OidcClientRegistration, SandboxIssuer
from core.sandbox.population_register import load_residents
from core.testing.oidc_provider import basic_auth

REDIRECT = "http://app.test/auth/oidc/callback"
CLIENT = OidcClientRegistration("yiwang-web", "sandbox-secret", (REDIRECT,))
VERIFIER = secrets.token_urlsafe(48)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()  # starts real, so the ID tokens also verify with PyJWT's clock

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def issuer(clock: Clock) -> Iterator[SandboxIssuer]:
    issuer = SandboxIssuer(load_residents(), [CLIENT], clock)
    with OidcServer(issuer):
        yield issuer


@pytest.fixture
def http(issuer: SandboxIssuer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=issuer.url, timeout=5) as client:
        yield client


def _request(**changes: str | None) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": CLIENT.client_id,
        "redirect_uri": REDIRECT,
        "scope": "openid profile phone",
        "state": "st-1",
        "nonce": "n-1",
        "code_challenge": code_challenge(VERIFIER),
        "code_challenge_method": "S256",
    } | changes
    return {key: value for key, value in params.items() if value is not None}


def _callback(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 303, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return dict(parse_qsl(location.query))


def _approve(http: httpx.Client, issuer: SandboxIssuer, **changes: str | None) -> dict[str, str]:
    form = _request(**changes) | {"resident": issuer.people[1].sub, "decision": "allow"}
    return _callback(http.post("/authorize", data=form))


def _exchange(http: httpx.Client, code: str, verifier: str | None = VERIFIER, **form: str) -> httpx.Response:
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT} | form
    body |= {} if verifier is None else {"code_verifier": verifier}
    return http.post(
        "/token", data=body, headers={"Authorization": basic_auth("yiwang-web", "sandbox-secret")}
    )


def test_discovery_jwks_and_a_verifiable_id_token(http: httpx.Client, issuer: SandboxIssuer) -> None:
    metadata = http.get("/.well-known/openid-configuration").json()
    assert metadata["issuer"] == issuer.url and metadata["token_endpoint"] == f"{issuer.url}/token"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    (jwk,) = http.get(metadata["jwks_uri"]).json()["keys"]
    tokens = _exchange(http, _approve(http, issuer)["code"]).json()
    assert jwt.get_unverified_header(tokens["id_token"])["kid"] == jwk["kid"]
    key = jwt.PyJWK(jwk).key
    claims = jwt.decode(
        tokens["id_token"], key, algorithms=["RS256"], audience="yiwang-web", issuer=issuer.url
    )
    person = issuer.people[1]
    assert (claims["sub"], claims["nonce"], claims["name"]) == (person.sub, "n-1", "李秀英")
    assert claims["id_number"] == "410402197207280242" != claims["sub"]
    assert len(claims["phone_number"]) == 11 and claims["phone_number"].isdigit()
    assert claims["exp"] - claims["iat"] == 300
    assert (
        http.get("/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()["sub"]
        == person.sub
    )
    assert http.get("/userinfo", headers={"Authorization": "Bearer made-up"}).status_code == 401


def test_subjects_survive_a_restart_but_the_key_does_not(issuer: SandboxIssuer, clock: Clock) -> None:
    again = SandboxIssuer(load_residents(), [CLIENT], clock)
    assert [p.sub for p in again.people] == [p.sub for p in issuer.people]
    assert again.jwks()["keys"][0]["kid"] != issuer.jwks()["keys"][0]["kid"]


def test_the_page_lists_living_residents_masked_and_escapes_the_request(http: httpx.Client) -> None:
    page = http.get("/authorize", params=_request(state='"><script>alert(1)</script>')).text
    assert "李秀英" in page and "410***********0242" in page and "410402197207280242" not in page
    assert "刘桂兰" not in page  # deceased
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(
    "redirect_uri",
    [REDIRECT + "/", REDIRECT + "/../evil", REDIRECT + "?next=x", "http://evil.test/auth/oidc/callback", ""],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unregistered_redirect_uri_is_never_redirected_to(
    http: httpx.Client, redirect_uri: str, method: str
) -> None:
    params = _request(redirect_uri=redirect_uri)
    response = (
        http.get("/authorize", params=params) if method == "GET" else http.post("/authorize", data=params)
    )
    assert response.status_code == 400 and "location" not in response.headers
    assert http.get("/authorize", params=_request(client_id="someone")).status_code == 400


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain", "code_challenge": VERIFIER[:43]}, "invalid_request"),
        ({"code_challenge": "too-short"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "profile"}, "invalid_scope"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_bad_requests_go_back_with_an_error_and_no_code(
    http: httpx.Client, changes: dict, error: str, method: str
) -> None:
    params = _request(**changes)
    response = (
        http.get("/authorize", params=params) if method == "GET" else http.post("/authorize", data=params)
    )
    callback = _callback(response)
    assert (callback["error"], callback["state"]) == (error, "st-1") and "code" not in callback


def test_cancel_goes_back_as_access_denied(http: httpx.Client) -> None:
    callback = _callback(http.post("/authorize", data=_request() | {"decision": "deny"}))
    assert (callback["error"], callback["state"], "code" in callback) == ("access_denied", "st-1", False)


@pytest.mark.parametrize(
    "verifier", [None, "", secrets.token_urlsafe(48), VERIFIER[:42], VERIFIER + "="], ids=repr
)
def test_a_missing_or_wrong_pkce_verifier_spends_the_code(
    http: httpx.Client, issuer: SandboxIssuer, verifier: str | None
) -> None:
    code = _approve(http, issuer)["code"]
    refused = _exchange(http, code, verifier)
    assert (refused.status_code, refused.json()) == (400, {"error": "invalid_grant"})
    assert _exchange(http, code).status_code == 400, "a code is spent by its first use"


def test_a_code_is_single_use(http: httpx.Client, issuer: SandboxIssuer) -> None:
    code = _approve(http, issuer)["code"]
    first = _exchange(http, code)
    assert first.status_code == 200 and first.headers["cache-control"] == "no-store"
    assert _exchange(http, code).json() == {"error": "invalid_grant"}


def test_a_code_expires_after_60_seconds(http: httpx.Client, issuer: SandboxIssuer, clock: Clock) -> None:
    fresh, stale = _approve(http, issuer)["code"], _approve(http, issuer)["code"]
    clock.now += 59
    assert _exchange(http, fresh).status_code == 200
    clock.now += 1
    assert _exchange(http, stale).json() == {"error": "invalid_grant"}


def test_the_token_request_must_match_the_code(http: httpx.Client, issuer: SandboxIssuer) -> None:
    code = _approve(http, issuer)["code"]
    assert _exchange(http, code, redirect_uri=REDIRECT + "/").json() == {"error": "invalid_grant"}
    code = _approve(http, issuer)["code"]
    wrong = http.post(
        "/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": VERIFIER,
        },
        headers={"Authorization": basic_auth("yiwang-web", "not-the-secret")},
    )
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    assert "www-authenticate" in wrong.headers
    posted = {"client_id": "yiwang-web", "client_secret": "sandbox-secret", "code_verifier": VERIFIER}
    by_post = http.post(
        "/token", data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT} | posted
    )
    assert by_post.status_code == 200 and "id_token" in by_post.json()


def test_logs_name_no_code_state_or_token(
    http: httpx.Client, issuer: SandboxIssuer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="core.sandbox"):
        callback = _approve(http, issuer, state="secret-state-42")
        tokens = _exchange(http, callback["code"]).json()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "oidc POST /authorize 303" in logged and "oidc POST /token 200" in logged
    for secret in ("secret-state-42", callback["code"], tokens["access_token"], VERIFIER):
        assert secret not in logged
