"""OpenID Connect relying party: the authorization code flow with PKCE (S256) against the
province's unified identity service (河南省统一身份认证), locally the sandbox issuer.

Discovery and JWKS come through the injected httpx client and are cached; a key id the
cache does not know refetches the JWKS once (the provider rotated its key). Every refusal
is an `OidcError` whose code is stable and translated by the channels.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import jwt

from core.identity.id_numbers import IdNumberError, normalise_id_number
from core.identity.oidc_states import OidcStateStore

FLOWS = ("web", "mobile")  # whose callback: the web's URL, or the phone app's own redirect URI
ERROR_CODES = ("state", "token_exchange", "signature", "claims", "unavailable", "conflict")
ALGORITHMS = ["RS256"]
SCOPE = "openid profile phone"
CLOCK_SKEW_SECONDS = 60
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "nonce"]
_PHONE = re.compile(r"1[3-9]\d{9}")


class OidcError(Exception):
    """A refused OIDC login; `code` is one of ERROR_CODES (never personal data)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class OidcIdentity:
    """Who the provider vouches for: a real-name identity, ID number already validated."""

    sub: str
    name: str
    phone: str
    id_number: str


def code_challenge(verifier: str) -> str:
    """RFC 7636 S256: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OidcClient:
    def __init__(
        self,
        http: httpx.Client,
        issuer_url: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        mobile_redirect_uri: str = "",
    ) -> None:
        self._http = http
        self._issuer = issuer_url.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._redirect_uris = {"web": redirect_uri, "mobile": mobile_redirect_uri}
        self._metadata_cache: dict[str, Any] | None = None
        self._keys_cache: dict[str | None, Any] | None = None

    def redirect_uri(self, flow: str = "web") -> str:
        """The registered callback of `flow`; a flow without one is `unavailable`."""
        uri = self._redirect_uris.get(flow, "")
        if not uri:
            raise OidcError("unavailable")
        return uri

    def authorization_request(self, state_store: OidcStateStore, flow: str = "web") -> tuple[str, str]:
        """The provider's authorize URL to send the browser to, and the state it carries."""
        redirect_uri = self.redirect_uri(flow)
        endpoint = self._metadata()["authorization_endpoint"]
        state, nonce, verifier = (
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(64),
        )
        state_store.save(state, nonce, verifier, flow)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._client_id,
                "redirect_uri": redirect_uri,
                "scope": SCOPE,
                "state": state,
                "nonce": nonce,
                "code_challenge": code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}", state

    def complete(self, code: str, state: str, state_store: OidcStateStore, flow: str = "web") -> OidcIdentity:
        """Redeem the callback's code: the state is spent first, whatever happens next."""
        pending = state_store.claim(state, flow)
        if pending is None:
            raise OidcError("state")
        id_token = self._exchange(code, pending.code_verifier, self.redirect_uri(flow))
        return identity_from_claims(self._verify(id_token, pending.nonce))

    def _exchange(self, code: str, verifier: str, redirect_uri: str) -> str:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        # RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
        auth = (quote(self._client_id, safe=""), quote(self._client_secret, safe=""))
        try:
            response = self._http.post(self._metadata()["token_endpoint"], data=form, auth=auth)
        except httpx.HTTPError as down:
            raise OidcError("unavailable") from down
        if response.status_code >= 500:
            raise OidcError("unavailable")
        body = _json_object(response) if response.status_code == 200 else None
        if body is None or not isinstance(body.get("id_token"), str):
            raise OidcError("token_exchange")
        return body["id_token"]

    def _verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
        except jwt.PyJWTError as malformed:
            raise OidcError("signature") from malformed
        try:
            claims = jwt.decode(
                id_token,
                self._signing_key(kid),
                algorithms=ALGORITHMS,
                audience=self._client_id,
                issuer=self._issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": REQUIRED_CLAIMS},
            )
        except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError, jwt.DecodeError) as forged:
            raise OidcError("signature") from forged
        except jwt.InvalidTokenError as wrong:  # expired, other audience or issuer, claim missing
            raise OidcError("claims") from wrong
        if not hmac.compare_digest(str(claims["nonce"]), nonce):
            raise OidcError("claims")
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self._client_id:
            raise OidcError("claims")
        return claims

    def _signing_key(self, kid: str | None) -> Any:
        for refresh in (False, True):
            keys = self._keys(refresh)
            if kid in keys:
                return keys[kid]
            if kid is None and len(keys) == 1:
                return next(iter(keys.values()))
        raise OidcError("signature")

    def _metadata(self) -> dict[str, Any]:
        if self._metadata_cache is None:
            metadata = self._get_json(f"{self._issuer}/.well-known/openid-configuration")
            endpoints = ("authorization_endpoint", "token_endpoint", "jwks_uri")
            if metadata.get("issuer") != self._issuer or not all(
                isinstance(metadata.get(name), str) for name in endpoints
            ):
                raise OidcError("unavailable")
            self._metadata_cache = metadata
        return self._metadata_cache

    def _keys(self, refresh: bool) -> dict[str | None, Any]:
        if self._keys_cache is None or refresh:
            document = self._get_json(self._metadata()["jwks_uri"])
            self._keys_cache = _rsa_keys(document.get("keys"))
        return self._keys_cache

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self._http.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as down:
            raise OidcError("unavailable") from down
        body = _json_object(response) if response.status_code == 200 else None
        if body is None:
            raise OidcError("unavailable")
        return body


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _rsa_keys(entries: object) -> dict[str | None, Any]:
    """Signing keys by key id; keys of another type or use are ignored."""
    keys: dict[str | None, Any] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
            continue
        try:
            keys[entry.get("kid")] = jwt.PyJWK(entry, algorithm="RS256").key
        except jwt.PyJWKError:
            continue
    return keys


def identity_from_claims(claims: dict[str, Any]) -> OidcIdentity:
    """The verified claims as an identity; anything missing or malformed is `claims`."""
    values = [claims.get(name) for name in ("sub", "name", "phone_number", "id_number")]
    if not all(isinstance(value, str) and value.strip() for value in values):
        raise OidcError("claims")
    sub, name, phone, raw_id_number = values
    phone = phone.strip().removeprefix("+86")
    name = " ".join(name.split())
    if len(sub) > 255 or len(name) > 64 or not _PHONE.fullmatch(phone):
        raise OidcError("claims")
    try:
        id_number = normalise_id_number(raw_id_number)
    except IdNumberError as invalid:
        raise OidcError("claims") from invalid
    return OidcIdentity(sub=sub, name=name, phone=phone, id_number=id_number)
