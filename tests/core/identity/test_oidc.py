"""The OIDC relying party against a scripted provider (httpx.MockTransport): the request it
builds, the identity it returns, a stable OidcError code for every refusal; and linking a
provider subject to one citizen. The flow against the real sandbox: test_oidc_sandbox.py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import Engine
from sqlmodel import Session

from core.audit import AuditLog, pseudonym
from core.identity.oidc import OidcClient, OidcError, OidcIdentity
from core.identity.oidc_login import OidcLogin
from core.identity.oidc_states import OidcStateStore
from core.identity.records import CitizenRecord
from core.testing.fakes import SettableClock
from core.testing.oidc_provider import FakeOidcProvider

ISSUER = "https://idp.test"
CLIENT_ID, SECRET = "yiwang-web", "s3cret/with:odd chars"
REDIRECT = "http://app.test/auth/oidc/callback"
PERSON = {
    "sub": "henan-000123",
    "name": "杨丽娟",
    "phone_number": "+8613912340686",
    "id_number": "41041119951003068x",
}


@pytest.fixture(scope="module")
def signing_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def states(engine: Engine, clock: SettableClock) -> OidcStateStore:
    return OidcStateStore(engine, clock)


@pytest.fixture
def provider(signing_key: Any) -> FakeOidcProvider:
    return FakeOidcProvider(signing_key, ISSUER, CLIENT_ID, SECRET, REDIRECT, dict(PERSON))


@pytest.fixture
def client(provider: FakeOidcProvider) -> Iterator[OidcClient]:
    with httpx.Client(transport=httpx.MockTransport(provider)) as http:
        yield OidcClient(http, ISSUER, CLIENT_ID, SECRET, REDIRECT)


def _login(client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider) -> OidcIdentity:
    url, state = client.authorization_request(states)
    provider.expect(url)
    return client.complete("the-code", state, states)


def _refused(client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider) -> str:
    with pytest.raises(OidcError) as refused:
        _login(client, states, provider)
    return refused.value.code


def test_authorization_request_is_a_code_flow_with_pkce(client: OidcClient, states: OidcStateStore) -> None:
    url, state = client.authorization_request(states)
    _other_url, other_state = client.authorization_request(states)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{ISSUER}/authorize"
    assert query["response_type"] == "code" and "openid" in query["scope"].split()
    assert (query["client_id"], query["redirect_uri"], query["state"]) == (CLIENT_ID, REDIRECT, state)
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert len(query["nonce"]) >= 32 and state != other_state


def test_complete_returns_the_verified_identity(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider
) -> None:
    identity = _login(client, states, provider)
    assert identity == OidcIdentity("henan-000123", "杨丽娟", "13912340686", "41041119951003068X")
    assert provider.calls == ["/.well-known/openid-configuration", "/token", "/jwks"]
    _login(client, states, provider)
    assert provider.calls[3:] == ["/token"], "discovery and JWKS are cached"


def test_unknown_replayed_and_expired_states_are_refused(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider, clock: SettableClock
) -> None:
    with pytest.raises(OidcError, match="state"):
        client.complete("the-code", "made-up-state", states)
    url, state = client.authorization_request(states)
    provider.expect(url)
    client.complete("the-code", state, states)
    with pytest.raises(OidcError, match="state"):
        client.complete("the-code", state, states)
    url, state = client.authorization_request(states)
    provider.expect(url)
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(OidcError, match="state"):
        client.complete("the-code", state, states)


def test_a_state_is_spent_even_when_the_exchange_fails(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider
) -> None:
    url, state = client.authorization_request(states)
    provider.expect(url)
    provider.challenge = "not-what-the-client-sent"
    with pytest.raises(OidcError, match="token_exchange"):
        client.complete("the-code", state, states)
    provider.expect(url)
    with pytest.raises(OidcError, match="state"):
        client.complete("the-code", state, states)


@pytest.mark.parametrize(
    "claims",
    [
        {"nonce": "someone-elses-nonce"},
        {"nonce": None},
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 3900},
        {"aud": "another-client"},
        {"aud": [CLIENT_ID, "another-client"]},  # several audiences and no azp
        {"iss": "https://evil.test"},
        {"sub": None},
        {"id_number": "410411199510030681"},  # wrong check digit
        {"phone_number": "12345"},
        {"name": " "},
    ],
    ids=repr,
)
def test_wrong_claims_are_refused(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider, claims: dict
) -> None:
    provider.claims = claims
    assert _refused(client, states, provider) == "claims"


def test_a_token_signed_with_another_key_is_refused(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider, other_key: Any
) -> None:
    url, state = client.authorization_request(states)
    provider.expect(url)
    provider.forged = provider.id_token(key=other_key)  # right kid, wrong key
    with pytest.raises(OidcError, match="signature"):
        client.complete("the-code", state, states)


@pytest.mark.parametrize("how", ["none", "HS256", "garbage", "unknown kid"])
def test_forged_tokens_are_refused(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider, other_key: Any, how: str
) -> None:
    url, state = client.authorization_request(states)
    provider.expect(url)
    claims = jwt.decode(provider.id_token(), options={"verify_signature": False})
    provider.forged = {
        "none": lambda: jwt.encode(claims, None, algorithm="none"),
        "HS256": lambda: jwt.encode(claims, "x" * 64, algorithm="HS256", headers={"kid": "k1"}),
        "garbage": lambda: "not.a.token",
        "unknown kid": lambda: jwt.encode(claims, other_key, algorithm="RS256", headers={"kid": "k9"}),
    }[how]()
    with pytest.raises(OidcError, match="signature"):
        client.complete("the-code", state, states)


def test_a_rotated_key_is_fetched_once(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider, other_key: Any
) -> None:
    _login(client, states, provider)
    provider.key, provider.kid, provider.published = other_key, "k2", {"k2": other_key}
    assert _login(client, states, provider).sub == PERSON["sub"]
    assert (
        provider.calls.count("/jwks") == 2 and provider.calls.count("/.well-known/openid-configuration") == 1
    )


@pytest.mark.parametrize(("status", "code"), [(503, "unavailable"), (400, "token_exchange")])
def test_token_endpoint_errors(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider, status: int, code: str
) -> None:
    provider.token_status = status
    assert _refused(client, states, provider) == code


def test_a_wrong_client_secret_is_a_failed_exchange(
    provider: FakeOidcProvider, states: OidcStateStore
) -> None:
    with httpx.Client(transport=httpx.MockTransport(provider)) as http:
        client = OidcClient(http, ISSUER, CLIENT_ID, "wrong", REDIRECT)
        assert _refused(client, states, provider) == "token_exchange"


def test_provider_down_or_lying_is_unavailable(
    client: OidcClient, states: OidcStateStore, provider: FakeOidcProvider
) -> None:
    provider.down = True
    with pytest.raises(OidcError, match="unavailable"):
        client.authorization_request(states)
    provider.down, provider.announced_issuer = False, "https://evil.test"
    with pytest.raises(OidcError, match="unavailable"):
        client.authorization_request(states)
    assert "/token" not in provider.calls


IDENTITY = OidcIdentity("henan-000123", "杨丽娟", "13912340686", "41041119951003068X")


@pytest.fixture
def login(engine: Engine, client: OidcClient, audit: AuditLog, clock: SettableClock) -> OidcLogin:
    return OidcLogin(engine, client, audit, clock=clock)


def _citizen(engine: Engine, citizen_id: str) -> CitizenRecord:
    with Session(engine) as session:
        return session.get(CitizenRecord, citizen_id)


def _add_citizen(engine: Engine, phone: str, id_number: str | None = None) -> str:
    with Session(engine) as session:
        citizen = CitizenRecord(
            id=phone, phone=phone, name="" if id_number is None else "某人", id_number=id_number
        )
        session.add(citizen)
        session.commit()
        return citizen.id


def test_same_subject_same_citizen_with_a_verified_real_name(login: OidcLogin, engine: Engine) -> None:
    first, how = login.link(IDENTITY)
    again, how_again = login.link(IDENTITY)
    assert (first.is_new, how, again.is_new, how_again) == (True, "new", False, "subject")
    assert again.citizen_id == first.citizen_id
    citizen = _citizen(engine, first.citizen_id)
    assert (citizen.name, citizen.phone, citizen.id_number) == ("杨丽娟", "13912340686", "41041119951003068X")
    assert citizen.real_name_verified_at is not None
    other, _how = login.link(OidcIdentity("henan-000999", "张建国", "13912340134", "410402196503120134"))
    assert other.citizen_id != first.citizen_id


def test_an_sms_account_is_linked_by_id_number_then_by_phone(login: OidcLogin, engine: Engine) -> None:
    holder = _add_citizen(engine, "13800000001", IDENTITY.id_number)
    result, how = login.link(IDENTITY)
    assert (result.citizen_id, result.is_new, how) == (holder, False, "id_number")
    by_phone = _add_citizen(engine, "13912340134")
    result, how = login.link(OidcIdentity("henan-000999", "张建国", "13912340134", "410402196503120134"))
    assert (result.citizen_id, how) == (by_phone, "phone")
    assert _citizen(engine, by_phone).id_number == "410402196503120134"


def test_a_phone_account_of_another_real_person_is_a_conflict(login: OidcLogin, engine: Engine) -> None:
    _add_citizen(engine, IDENTITY.phone, "410402196503120134")
    with pytest.raises(OidcError, match="conflict"):
        login.link(IDENTITY)


def test_finish_audits_with_pseudonyms_only(
    login: OidcLogin, provider: FakeOidcProvider, audit: AuditLog
) -> None:
    url, state = login.start()
    provider.expect(url)
    result = login.finish("the-code", state)
    with pytest.raises(OidcError, match="state"):
        login.finish("the-code", state)
    refused, ok = audit.events("login.oidc")
    assert (ok.outcome, ok.actor, ok.detail["matched"]) == ("ok", pseudonym(result.citizen_id), "new")
    assert (refused.outcome, refused.detail["reason"]) == ("refused", "state")
    logged = repr([refused, ok])
    for secret in (IDENTITY.sub, IDENTITY.phone, IDENTITY.id_number, IDENTITY.name, state):
        assert secret not in logged
