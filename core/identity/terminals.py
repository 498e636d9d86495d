"""Terminal credentials: every kiosk and bank terminal signs its requests with its own key.

A request carries five headers; the signature is HMAC-SHA256 (hex) over the canonical string

    YW-HMAC-SHA256-1 \\n terminal id \\n METHOD \\n path?query \\n timestamp \\n nonce \\n sha256(body) hex

The timestamp (Unix seconds) must be within ±120 s of the server's clock and the nonce is
accepted once within that window, so a captured request cannot be replayed or held back.

Key storage: HMAC needs the verifier to know the key, so a hash cannot be stored. Instead no key
is stored at all: a terminal's key is derived, HMAC(master, terminal id | random 32-byte salt),
with master = HMAC(Settings.secret_key, "yiwang terminal keys v1"). The row keeps the salt, the
key is shown once at registration. A database copy alone signs nothing; changing secret_key
invalidates every terminal key (re-register the terminals), as it must.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog
from core.identity.nonces import Clock, NoncesForgotten, NonceStore, as_utc, utcnow
from core.identity.terminal_records import TerminalRecord
from core.settings import get_settings

KINDS = ("kiosk", "bank")
SKEW = timedelta(seconds=120)
SCHEME = "YW-HMAC-SHA256-1"
H_TERMINAL = "X-Yiwang-Terminal"
H_TIMESTAMP = "X-Yiwang-Timestamp"
H_NONCE = "X-Yiwang-Nonce"
H_CONTENT = "X-Yiwang-Content-SHA256"
H_SIGNATURE = "X-Yiwang-Signature"
_REQUIRED = (H_TERMINAL, H_TIMESTAMP, H_NONCE, H_CONTENT, H_SIGNATURE)
_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,63}")
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_SECONDS = re.compile(r"[0-9]{1,11}")

AUTH_ERROR_CODES = frozenset(
    {
        "unknown_terminal",
        "revoked",
        "bad_signature",
        "body_mismatch",
        "clock_skew",
        "replayed",
        "missing_header",
    }
)


class TerminalAuthError(Exception):
    """A refused terminal request; `.code` is stable, the message is English."""

    def __init__(self, code: str, message: str = "") -> None:
        assert code in AUTH_ERROR_CODES, code
        super().__init__(message or code)
        self.code = code


@dataclass(frozen=True)
class Terminal:
    id: str
    kind: str
    site: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class NewTerminal:
    terminal: Terminal
    key: str  # shown once; the server can re-derive it but never displays it again


def encode_key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_key(key: str | bytes) -> bytes:
    if isinstance(key, bytes):
        return key
    return base64.urlsafe_b64decode(key.strip() + "=" * (-len(key.strip()) % 4))


def canonical_request(
    terminal_id: str, method: str, path: str, timestamp: str, nonce: str, content_sha256: str
) -> bytes:
    return "\n".join([SCHEME, terminal_id, method.upper(), path, timestamp, nonce, content_sha256]).encode()


def sign_request(
    terminal_id: str,
    key: str | bytes,
    method: str,
    path: str,
    body: bytes,
    now: datetime | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The headers that authenticate one request. `path` includes the query string as sent."""
    timestamp = str(int(as_utc(now or utcnow()).timestamp()))
    nonce = nonce or secrets.token_urlsafe(18)
    content = hashlib.sha256(body).hexdigest()
    message = canonical_request(terminal_id, method, path, timestamp, nonce, content)
    signature = hmac.new(decode_key(key), message, hashlib.sha256).hexdigest()
    return {
        H_TERMINAL: terminal_id,
        H_TIMESTAMP: timestamp,
        H_NONCE: nonce,
        H_CONTENT: content,
        H_SIGNATURE: signature,
    }


class TerminalAuth(httpx.Auth):
    """`httpx.Client(auth=TerminalAuth(terminal_id, key))` signs every outgoing request."""

    requires_request_body = True

    def __init__(self, terminal_id: str, key: str | bytes, clock: Clock = utcnow) -> None:
        self.terminal_id = terminal_id
        self._key = decode_key(key)
        self._clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        path = request.url.raw_path.decode("ascii")
        request.headers.update(
            sign_request(self.terminal_id, self._key, request.method, path, request.content, self._clock())
        )
        yield request


def _terminal(record: TerminalRecord) -> Terminal:
    revoked = as_utc(record.revoked_at) if record.revoked_at else None
    return Terminal(record.id, record.kind, record.site, as_utc(record.created_at), revoked)


class TerminalRegistry:
    """Registers, lists and revokes terminals, and verifies their signed requests."""

    def __init__(
        self,
        engine: Engine,
        nonce_store: NonceStore,
        *,
        audit: AuditLog | None = None,
        secret_key: str | None = None,
    ) -> None:
        self._engine = engine
        self._nonces = nonce_store
        self._audit = audit
        secret = (secret_key or get_settings().secret_key).encode()
        self._master = hmac.new(secret, b"yiwang terminal keys v1", hashlib.sha256).digest()

    def _key(self, terminal_id: str, salt: str) -> bytes:
        return hmac.new(self._master, f"{terminal_id}|{salt}".encode(), hashlib.sha256).digest()

    def register(
        self,
        kind: str,
        site: str,
        terminal_id: str | None = None,
        *,
        now: datetime | None = None,
        actor: str = "",
        channel: str = "cli",
    ) -> NewTerminal:
        if kind not in KINDS:
            raise ValueError(f"a terminal is one of {', '.join(KINDS)}, not {kind!r}")
        if not site.strip() or len(site) > 200:
            raise ValueError("the site is the hall or branch name, 1 to 200 characters")
        terminal_id = terminal_id or f"{kind}-{secrets.token_hex(4)}"
        if not _ID.fullmatch(terminal_id):
            raise ValueError("a terminal id is 3-64 lowercase letters, digits and '-', e.g. kiosk-xinhua-01")
        record = TerminalRecord(
            id=terminal_id,
            kind=kind,
            site=site.strip(),
            key_salt=secrets.token_hex(32),
            created_at=as_utc(now or utcnow()),
        )
        with Session(self._engine, expire_on_commit=False) as session:
            if session.get(TerminalRecord, terminal_id) is not None:
                raise ValueError(f"terminal {terminal_id} already exists")
            session.add(record)
            session.commit()
        if self._audit is not None:
            self._audit.record(
                "terminal.register",
                "ok",
                actor=actor,
                channel=channel,
                terminal=terminal_id,
                kind=kind,
                site=record.site,
            )
        return NewTerminal(_terminal(record), encode_key(self._key(terminal_id, record.key_salt)))

    def get(self, terminal_id: str) -> Terminal | None:
        with Session(self._engine) as session:
            record = session.get(TerminalRecord, terminal_id)
            return _terminal(record) if record else None

    def list(self) -> list[Terminal]:
        with Session(self._engine) as session:
            return [_terminal(r) for r in session.exec(select(TerminalRecord).order_by(TerminalRecord.id))]

    def revoke(
        self, terminal_id: str, *, now: datetime | None = None, actor: str = "", channel: str = "cli"
    ) -> Terminal:
        """Refuses the terminal's requests from now on; revoking twice keeps the first time."""
        with Session(self._engine, expire_on_commit=False) as session:
            record = session.get(TerminalRecord, terminal_id)
            if record is None:
                raise KeyError(terminal_id)
            if record.revoked_at is None:
                record.revoked_at = as_utc(now or utcnow())
                session.add(record)
                session.commit()
            terminal = _terminal(record)
        if self._audit is not None:
            self._audit.record("terminal.revoke", "ok", actor=actor, channel=channel, terminal=terminal_id)
        return terminal

    def verify_request(
        self, method: str, path: str, body: bytes, headers: Mapping[str, str], now: datetime | None = None
    ) -> Terminal:
        """The terminal that signed this request, or TerminalAuthError. `path` includes ?query."""
        values = {name.lower(): value for name, value in headers.items()}
        claimed = values.get(H_TERMINAL.lower(), "")[:64]
        try:
            return self._verify(method, path, body, values, as_utc(now or utcnow()))
        except TerminalAuthError as error:
            if self._audit is not None:
                self._audit.record(
                    "terminal.request",
                    "refused",
                    terminal=claimed,
                    reason=error.code,
                    method=method.upper()[:10],
                    path=path.partition("?")[0][:200],  # a query string may hold personal data
                )
            raise

    def _verify(self, method: str, path: str, body: bytes, values: dict[str, str], now: datetime) -> Terminal:
        missing = [name for name in _REQUIRED if not values.get(name.lower())]
        if missing:
            raise TerminalAuthError("missing_header", f"missing {', '.join(missing)}")
        terminal_id, timestamp, nonce, content, signature = (values[name.lower()] for name in _REQUIRED)
        if not _SECONDS.fullmatch(timestamp) or not _NONCE.fullmatch(nonce) or not _HEX64.fullmatch(content):
            raise TerminalAuthError("missing_header", "a signature header is malformed")
        with Session(self._engine) as session:
            record = session.get(TerminalRecord, terminal_id) if _ID.fullmatch(terminal_id) else None
            if record is None:
                raise TerminalAuthError("unknown_terminal", "no terminal is registered under this id")
            terminal, salt = _terminal(record), record.key_salt
        message = canonical_request(terminal_id, method, path, timestamp, nonce, content)
        expected = hmac.new(self._key(terminal_id, salt), message, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            raise TerminalAuthError("bad_signature", "the request signature does not match")
        if terminal.revoked:
            raise TerminalAuthError("revoked", "this terminal's credentials have been revoked")
        if not hmac.compare_digest(hashlib.sha256(body).hexdigest(), content):
            raise TerminalAuthError("body_mismatch", "the body is not the one that was signed")
        sent = datetime.fromtimestamp(int(timestamp), now.tzinfo)
        if abs(now - sent) > SKEW:
            raise TerminalAuthError("clock_skew", "the request time is over 120 s off the server's clock")
        # Kept until the timestamp leaves the window; after that clock_skew refuses the replay.
        try:
            fresh = self._nonces.consume(
                f"term:{terminal_id}:{nonce}", sent + SKEW + timedelta(seconds=1), now, sent
            )
        except NoncesForgotten:
            raise TerminalAuthError(
                "replayed", "sent before the nonce store restarted; sign it again"
            ) from None
        if not fresh:
            raise TerminalAuthError("replayed", "this request has already been received")
        return terminal
