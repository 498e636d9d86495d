"""A scripted OpenID Connect provider for `httpx.MockTransport`: discovery, JWKS and a token
endpoint that checks client authentication and PKCE like a real one, with switches to
misbehave (claims overridden, forged token, rotated key, errors, down)."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import jwt
from jwt.algorithms import RSAAlgorithm

from core.identity.oidc import code_challenge


def basic_auth(client_id: str, secret: str) -> str:
    pair = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    return "Basic " + base64.b64encode(pair).decode()


@dataclass
class FakeOidcProvider:
    key: Any  # RSA private key signing the ID tokens
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    person: dict[str, Any]  # sub, name, phone_number, id_number
    kid: str = "k1"
    published: dict[str, Any] = field(default_factory=dict)  # kid -> key served by /jwks
    claims: dict[str, Any] = field(default_factory=dict)  # overrides; None removes a claim
    token_status: int = 200
    forged: str = ""  # served instead of a properly signed ID token
    announced_issuer: str = ""  # what discovery says, if not `issuer`
    down: bool = False
    nonce: str = ""  # of the authorization request the next code answers
    challenge: str = ""
    calls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.published = self.published or {self.kid: self.key}

    def expect(self, authorize_url: str) -> None:
        """Remember the nonce and PKCE challenge the browser carried to /authorize."""
        query = dict(parse_qsl(authorize_url.partition("?")[2]))
        self.nonce, self.challenge = query["nonce"], query["code_challenge"]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request.url.path)
        if self.down:
            raise httpx.ConnectError("provider down", request=request)
        if request.url.path == "/.well-known/openid-configuration":
            return httpx.Response(200, json=self._discovery())
        if request.url.path == "/jwks":
            keys = [
                RSAAlgorithm.to_jwk(key.public_key(), as_dict=True) | {"kid": kid, "use": "sig"}
                for kid, key in self.published.items()
            ]
            return httpx.Response(200, json={"keys": keys})
        return self._token(request)

    def _discovery(self) -> dict[str, str]:
        return {
            "issuer": self.announced_issuer or self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
        }

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        if request.headers.get("authorization") != basic_auth(self.client_id, self.client_secret):
            return httpx.Response(401, json={"error": "invalid_client"})
        if (
            form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != self.redirect_uri
            or code_challenge(form.get("code_verifier", "")) != self.challenge
        ):
            return httpx.Response(400, json={"error": "invalid_grant"})
        if self.token_status != 200:
            return httpx.Response(self.token_status, json={"error": "server_error"})
        return httpx.Response(200, json={"id_token": self.forged or self.id_token(), "token_type": "Bearer"})

    def id_token(self, key: Any = None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
        }
        claims = {**claims, **self.person, **self.claims}
        payload = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": self.kid})
