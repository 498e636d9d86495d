"""The sandbox of the province's unified identity service (河南省统一身份认证): a real OpenID
Connect issuer (authorization code flow, PKCE S256 required, RS256 ID tokens).

Its users are a few FICTIONAL residents of data/sandbox/population.yaml. Like the provincial
service it asserts real-name identity: the ID token carries the verified `id_number`. `sub`
is stable per resident and is not the ID number; the phone number is a fictional one
derived from the resident. The signing key is generated at each start. HTTP: oidc_http.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from core.sandbox.population_register import Resident
from core.settings import Settings

CODE_TTL_SECONDS = 60
TOKEN_TTL_SECONDS = 300
LISTED_RESIDENTS = 8
_SUBJECTS = uuid.UUID("6f1c2a4e-2b0d-4c3e-9a51-3d8e7b2f0a10")  # namespace of sandbox subjects
_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


@dataclass(frozen=True)
class OidcClientRegistration:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]


def registration_from_settings(settings: Settings) -> OidcClientRegistration:
    """The web app and the phone app's callbacks as configured, so `yiwang serve` and its
    sandbox agree without extra flags."""
    return OidcClientRegistration(
        settings.oidc_client_id,
        settings.oidc_client_secret,
        (settings.oidc_redirect, settings.oidc_mobile_redirect),
    )


@dataclass(frozen=True)
class SandboxPerson:
    sub: str
    name: str
    phone: str
    id_number: str


def person_of(resident: Resident) -> SandboxPerson:
    digits = int(hashlib.sha256(f"phone:{resident.id_number}".encode()).hexdigest(), 16) % 10**8
    return SandboxPerson(
        sub=uuid.uuid5(_SUBJECTS, resident.id_number).hex,
        name=resident.name,
        phone=f"170{digits:08d}",  # 170: a virtual-operator prefix, fictional number
        id_number=resident.id_number,
    )


class AuthorizeError(Exception):
    """A refused authorization request: sent back to `redirect_uri` when that is trusted,
    otherwise shown to the user (never redirect to an unregistered address)."""

    def __init__(self, error: str, description: str, redirect_uri: str = "", state: str = "") -> None:
        super().__init__(description)
        self.error, self.description = error, description
        self.redirect_uri, self.state = redirect_uri, state

    def redirect_url(self) -> str:
        params = {"error": self.error, "error_description": self.description}
        return _with_query(self.redirect_uri, params | ({"state": self.state} if self.state else {}))


class TokenError(Exception):
    def __init__(self, error: str, status: int = 400) -> None:
        super().__init__(error)
        self.error, self.status = error, status


@dataclass(frozen=True)
class _Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str
    person: SandboxPerson
    expires_at: float


def _with_query(url: str, params: Mapping[str, str]) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class SandboxIssuer:
    def __init__(
        self,
        residents: Iterable[Resident],
        clients: Iterable[OidcClientRegistration],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = ""  # set by the server once its port is bound
        self.people = [person_of(r) for r in residents if r.status == "normal"][:LISTED_RESIDENTS]
        self._clients = {client.client_id: client for client in clients}
        self._clock = clock
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._kid = secrets.token_hex(8)
        self._lock = threading.Lock()
        self._codes: dict[str, _Grant] = {}
        self._access: dict[str, tuple[SandboxPerson, float]] = {}

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "phone"],
            "claims_supported": ["sub", "name", "phone_number", "phone_number_verified", "id_number"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        return {"keys": [jwk | {"kid": self._kid, "use": "sig", "alg": "RS256"}]}

    def check_request(self, params: Mapping[str, str]) -> dict[str, str]:
        """The validated authorization request, or AuthorizeError."""
        client = self._clients.get(params.get("client_id", ""))
        if client is None:
            raise AuthorizeError("unauthorized_client", "unknown client_id")
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in client.redirect_uris:  # exact string match, no prefix rules
            raise AuthorizeError("invalid_request", "redirect_uri is not registered for this client")
        back = (redirect_uri, params.get("state", ""))
        if params.get("response_type") != "code":
            raise AuthorizeError("unsupported_response_type", "only response_type=code", *back)
        if "openid" not in params.get("scope", "").split():
            raise AuthorizeError("invalid_scope", "scope must include openid", *back)
        challenge = params.get("code_challenge", "")
        if params.get("code_challenge_method") != "S256" or not _CHALLENGE.fullmatch(challenge):
            raise AuthorizeError("invalid_request", "PKCE with code_challenge_method=S256 is required", *back)
        keys = ("client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge")
        return {key: params.get(key, "") for key in keys} | {"code_challenge_method": "S256"}

    def issue_code(self, params: Mapping[str, str], sub: str) -> str:
        """Approve the request for the resident `sub`: the redirect URL carrying code and state."""
        request = self.check_request(params)
        person = next((p for p in self.people if p.sub == sub), None)
        if person is None:
            raise AuthorizeError("invalid_request", "pick one of the listed residents")
        code, now = secrets.token_urlsafe(32), self._clock()
        grant = _Grant(
            request["client_id"],
            request["redirect_uri"],
            request["code_challenge"],
            request["nonce"],
            person,
            now + CODE_TTL_SECONDS,
        )
        with self._lock:
            self._codes = {c: g for c, g in self._codes.items() if g.expires_at > now} | {code: grant}
        state = {"state": request["state"]} if request["state"] else {}
        return _with_query(request["redirect_uri"], {"code": code} | state)

    def deny(self, params: Mapping[str, str]) -> str:
        request = self.check_request(params)
        error = AuthorizeError(
            "access_denied", "the resident cancelled", request["redirect_uri"], request["state"]
        )
        return error.redirect_url()

    def exchange(self, form: Mapping[str, str], authorization: str) -> dict[str, Any]:
        """The token response for an authorization code: single-use, 60 s, PKCE checked."""
        client = self._authenticate(form, authorization)
        if form.get("grant_type") != "authorization_code":
            raise TokenError("unsupported_grant_type")
        with self._lock:  # popped before any check: a code is spent by its first use
            grant = self._codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        if (
            grant is None
            or grant.expires_at <= self._clock()
            or grant.client_id != client.client_id
            or form.get("redirect_uri") != grant.redirect_uri
            or not _VERIFIER.fullmatch(verifier)
            or not hmac.compare_digest(_s256(verifier), grant.challenge)
        ):
            raise TokenError("invalid_grant")
        access_token, now = secrets.token_urlsafe(32), self._clock()
        with self._lock:
            live = {token: entry for token, entry in self._access.items() if entry[1] > now}
            self._access = live | {access_token: (grant.person, now + TOKEN_TTL_SECONDS)}
        return {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_TTL_SECONDS,
            "id_token": self._id_token(grant),
        }

    def userinfo(self, authorization: str) -> dict[str, Any]:
        scheme, _, token = authorization.partition(" ")
        with self._lock:
            person, expires_at = self._access.get(token, (None, 0.0))
        if scheme.lower() != "bearer" or person is None or expires_at <= self._clock():
            raise TokenError("invalid_token", 401)
        return _person_claims(person)

    def _authenticate(self, form: Mapping[str, str], authorization: str) -> OidcClientRegistration:
        """client_secret_basic (id and secret form-encoded inside Basic) or client_secret_post."""
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() == "basic":
            try:
                raw_id, _, raw_secret = base64.b64decode(encoded, validate=True).decode().partition(":")
            except ValueError:
                raise TokenError("invalid_client", 401) from None
            client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
        client = self._clients.get(client_id)
        if client is None or not hmac.compare_digest(client.client_secret.encode(), secret.encode()):
            raise TokenError("invalid_client", 401)
        return client

    def _id_token(self, grant: _Grant) -> str:
        now = int(self._clock())
        claims = {"iss": self.url, "aud": grant.client_id, "iat": now, "exp": now + TOKEN_TTL_SECONDS}
        claims |= {"auth_time": now, **_person_claims(grant.person)}
        if grant.nonce:
            claims["nonce"] = grant.nonce
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self._kid})


def _person_claims(person: SandboxPerson) -> dict[str, Any]:
    return {
        "sub": person.sub,
        "name": person.name,
        "phone_number": person.phone,
        "phone_number_verified": True,
        "id_number": person.id_number,  # the provincial service asserts real-name identity
    }
