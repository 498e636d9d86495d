"""Signed scan codes: the e-ID code a phone shows to a kiosk or bank terminal, and handoff
codes that carry a draft (to finish it elsewhere) or a receipt (to look up its status).

A payload is plain QR-alphanumeric text, so a version-10 symbol at level M holds it:

    YW1.E.<key id>.<issued>.<expires>.<citizen id>.<nonce>.<channels>.<signature>
    YW1.D.<key id>.<issued>.<expires>.<draft id>.<owner id>.<nonce>.<signature>
    YW1.R.<key id>.<issued>.<expires>.<receipt no>.<signature>

ids and nonce: unpadded base32; times: Unix seconds in base 36; channels: K kiosk, B bank;
signature: HMAC-SHA256 of everything before it, truncated to 128 bits, base32. The key id picks
the key from the ring (YIWANG_CODE_KEYS="k2:secret2,k1:secret1": first signs, all verify).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.audit import AuditLog, pseudonym
from core.identity.nonces import Clock, NoncesForgotten, NonceStore, as_utc, utcnow
from core.settings import get_settings

VERSION = "YW1"
EID_TTL = timedelta(seconds=60)
DRAFT_TTL = timedelta(minutes=10)
RECEIPT_TTL = timedelta(days=365)
MAX_ID_BYTES = 64
TAG_BYTES = 16  # 128-bit truncated HMAC-SHA256
CHANNEL_LETTERS = {"kiosk": "K", "bank": "B"}
_KINDS = {"E": ("eid", 5), "D": ("draft", 5), "R": ("receipt", 3)}  # letter: kind, fields
_KID = re.compile(r"[A-Z0-9]{1,8}")
_TEXT = re.compile(r"[A-Z0-9.]+")
ERROR_CODES = frozenset(
    {"malformed", "unknown_version", "unknown_key", "bad_signature", "expired", "replayed", "wrong_channel"}
)


class CodeError(Exception):
    """A refused code. `.code` is stable (for translation and audit), the message is English."""

    def __init__(self, code: str, message: str) -> None:
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class KeyRing:
    """Code keys by key id: `signing_kid` signs, every key verifies."""

    keys: Mapping[str, bytes] = field(repr=False)
    signing_kid: str

    @classmethod
    def parse(cls, spec: str, secret_key: str) -> KeyRing:
        """`"k2:secret2,k1:secret1"`; an empty spec gives one key K0 derived from secret_key."""
        entries = [entry.strip() for entry in spec.split(",") if entry.strip()]
        if not entries:
            return cls({"K0": _derive(secret_key, "K0")}, "K0")
        keys: dict[str, bytes] = {}
        for entry in entries:
            kid, sep, secret = (part.strip() for part in entry.partition(":"))
            if not sep or not _KID.fullmatch(kid.upper()):
                raise ValueError("YIWANG_CODE_KEYS entries are ID:SECRET, the ID 1-8 letters or digits")
            if kid.upper() in keys:
                raise ValueError(f"key id {kid.upper()} appears twice in YIWANG_CODE_KEYS")
            if len(secret) < 16:
                raise ValueError(f"the secret of code key {kid.upper()} is shorter than 16 characters")
            keys[kid.upper()] = _derive(secret, kid.upper())
        return cls(keys, next(iter(keys)))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> KeyRing:
        env = os.environ if environ is None else environ
        return cls.parse(env.get("YIWANG_CODE_KEYS", ""), get_settings().secret_key)


def _derive(secret: str, kid: str) -> bytes:  # domain-separated: a secret used elsewhere gives other keys
    return hmac.new(secret.encode(), f"yiwang scan codes v1|{kid}".encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class IssuedCode:
    payload: str
    expires_at: datetime
    kind: str


@dataclass(frozen=True)
class VerifiedCode:
    kind: str  # "eid", "draft" or "receipt"
    subject: str  # citizen id, draft id or receipt number
    key_id: str
    issued_at: datetime
    expires_at: datetime
    owner: str | None = None  # the draft's owner (drafts only)
    nonce: str | None = None  # single-use codes only; never log it, log pseudonym(nonce) instead
    channels: frozenset[str] = frozenset()  # empty: any channel

    @property
    def single_use(self) -> bool:
        return self.nonce is not None

    @property
    def read_only(self) -> bool:
        return self.kind == "receipt"


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def _b36(number: int) -> str:
    return (_b36(number // 36) if number >= 36 else "") + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[number % 36]


def _id(value: str) -> str:
    if not 0 < len(value.encode()) <= MAX_ID_BYTES:
        raise ValueError(f"ids in codes are 1 to {MAX_ID_BYTES} bytes of UTF-8")
    return _b32(value.encode())


def _tag(key: bytes, signed: str) -> str:
    return _b32(hmac.new(key, signed.encode(), hashlib.sha256).digest()[:TAG_BYTES])


def _issue(
    letter: str, fields: list[str], ttl: timedelta, now: datetime | None, ring: KeyRing | None
) -> IssuedCode:
    ring = ring or KeyRing.from_env()
    issued = as_utc(now or utcnow()).replace(microsecond=0)
    times = [_b36(int(moment.timestamp())) for moment in (issued, issued + ttl)]
    signed = ".".join([VERSION, letter, ring.signing_kid, *times, *fields])
    payload = f"{signed}.{_tag(ring.keys[ring.signing_kid], signed)}"
    return IssuedCode(payload, issued + ttl, _KINDS[letter][0])


def _log_issue(audit: AuditLog | None, code: IssuedCode, actor: str, channel: str, nonce: str = "") -> None:
    if audit is not None:
        nonce = pseudonym(nonce, "code-nonce") if nonce else ""
        kid = code.payload.split(".")[2]
        expires = code.expires_at.isoformat()
        detail = {"kind": code.kind, "key_id": kid, "nonce": nonce, "expires_at": expires}
        audit.record("code.issue", "ok", actor=actor, channel=channel, **detail)


def issue_eid_code(
    citizen_id: str,
    now: datetime | None = None,
    *,
    channels: Iterable[str] = ("kiosk", "bank"),
    ring: KeyRing | None = None,
    audit: AuditLog | None = None,
    channel: str = "mobile",
) -> IssuedCode:
    """The 60-second, single-use code a logged-in phone shows to identify its owner."""
    letters = "".join(sorted({CHANNEL_LETTERS[name] for name in channels}))
    if not letters:
        raise ValueError("an e-ID code must be scannable by at least one channel")
    nonce = _b32(secrets.token_bytes(16))
    code = _issue("E", [_id(citizen_id), nonce, letters], EID_TTL, now, ring)
    _log_issue(audit, code, pseudonym(citizen_id), channel, nonce)
    return code


def issue_draft_handoff(
    draft_id: str,
    owner_id: str,
    now: datetime | None = None,
    *,
    ring: KeyRing | None = None,
    audit: AuditLog | None = None,
    channel: str = "",
) -> IssuedCode:
    """A 10-minute, single-use code that reopens a draft on any channel."""
    nonce = _b32(secrets.token_bytes(16))
    code = _issue("D", [_id(draft_id), _id(owner_id), nonce], DRAFT_TTL, now, ring)
    _log_issue(audit, code, pseudonym(owner_id), channel, nonce)
    return code


def issue_receipt_code(
    receipt_no: str,
    now: datetime | None = None,
    *,
    ttl: timedelta = RECEIPT_TTL,
    ring: KeyRing | None = None,
    audit: AuditLog | None = None,
    channel: str = "",
) -> IssuedCode:
    """A long-lived, re-usable, read-only code for looking up an application's status."""
    code = _issue("R", [_id(receipt_no)], ttl, now, ring)
    _log_issue(audit, code, pseudonym(receipt_no, "receipt"), channel)
    return code


def _split(payload: str) -> tuple[str, str, list[str], str, str]:
    """letter, key id, fields, signed text, tag; raises malformed or unknown_version."""
    text = payload.strip().upper()
    if not _TEXT.fullmatch(text):
        raise CodeError("malformed", "the code contains characters no yiwang code has")
    parts = text.split(".")
    if parts[0] != VERSION:
        if re.fullmatch(r"YW[0-9]+", parts[0]):
            raise CodeError("unknown_version", f"code version {parts[0]} is not supported")
        raise CodeError("malformed", "this is not a yiwang code")
    if len(parts) < 3 or parts[1] not in _KINDS or len(parts) != 4 + _KINDS[parts[1]][1]:
        raise CodeError("malformed", "the code has the wrong number of fields")
    return parts[1], parts[2], parts[3:-1], ".".join(parts[:-1]), parts[-1]


def _decode(letter: str, kid: str, f: list[str]) -> VerifiedCode:
    n = 2 if letter == "D" else 1  # ids after the two times; then nonce (E, D) and channels (E)
    try:
        issued, expires = (datetime.fromtimestamp(int(t, 36), UTC) for t in f[:2])
        ids = [base64.b32decode(x + "=" * (-len(x) % 8)).decode() for x in f[2 : 2 + n]]
    except (ValueError, OverflowError, OSError) as error:
        raise CodeError("malformed", "a field of the code cannot be read") from error
    channels = frozenset(c for c, ch in CHANNEL_LETTERS.items() if letter == "E" and ch in f[4])
    if expires <= issued or (letter == "E" and not channels):
        raise CodeError("malformed", "the code's fields are inconsistent")
    nonce = f[2 + n] if letter != "R" else None
    return VerifiedCode(
        _KINDS[letter][0], ids[0], kid, issued, expires, ids[1] if n == 2 else None, nonce, channels
    )


def peek(payload: str) -> VerifiedCode | None:
    """The fields of a payload WITHOUT checking its signature: for explaining codes, never for trust."""
    try:
        letter, kid, fields, _, _ = _split(payload)
        return _decode(letter, kid, fields)
    except CodeError:
        return None


class CodeVerifier:
    """Verifies scanned codes and consumes the nonce of single-use codes, once."""

    def __init__(
        self,
        nonce_store: NonceStore,
        clock: Clock = utcnow,
        *,
        ring: KeyRing | None = None,
        audit: AuditLog | None = None,
    ) -> None:
        self._nonces, self._clock, self._ring, self._audit = nonce_store, clock, ring, audit

    def check(self, payload: str, channel: str | None = None) -> VerifiedCode:
        """Syntax, key, signature (constant time), expiry and channel; the nonce is not used up."""
        letter, kid, fields, signed, tag = _split(payload)
        ring = self._ring or KeyRing.from_env()
        if kid not in ring.keys:
            raise CodeError("unknown_key", f"key {kid} is not (or no longer) in the key ring")
        if not hmac.compare_digest(_tag(ring.keys[kid], signed).encode(), tag.encode()):
            raise CodeError("bad_signature", "the code's signature does not match: altered or forged")
        code = _decode(letter, kid, fields)
        if as_utc(self._clock()) >= code.expires_at:
            raise CodeError("expired", "the code has expired; ask for a new one")
        if channel is not None and code.channels and channel not in code.channels:
            raise CodeError("wrong_channel", f"this code cannot be used on the {channel} channel")
        return code

    def verify(self, payload: str, channel: str, *, terminal: str = "") -> VerifiedCode:
        """`check`, then the nonce of a single-use code is consumed: a second scan is "replayed"."""
        code: VerifiedCode | None = None
        try:
            code = self.check(payload, channel)
            # Only now, with a valid signature, is the nonce store touched.
            if code.nonce and not self._consume(code):
                raise CodeError("replayed", "this code has already been used; ask for a new one")
        except CodeError as error:
            self._record("refused", code, channel, terminal, reason=error.code)
            raise
        self._record("ok", code, channel, terminal)
        return code

    def _consume(self, code: VerifiedCode) -> bool:
        try:
            return self._nonces.consume(f"code:{code.nonce}", code.expires_at, self._clock(), code.issued_at)
        except NoncesForgotten:
            # Issued before the nonce store lost its memory: it may have been used already.
            raise CodeError(
                "expired", "the code predates a restart of the code store; ask for a new one"
            ) from None

    def _record(
        self, outcome: str, code: VerifiedCode | None, channel: str, terminal: str, **detail: str
    ) -> None:
        if self._audit is None:
            return
        actor = ""
        if code is not None:  # the signature was valid, so the fields are ours
            person = pseudonym(code.owner or code.subject)
            actor = pseudonym(code.subject, "receipt") if code.read_only else person
            nonce = pseudonym(code.nonce, "code-nonce") if code.nonce else ""
            detail = {**detail, "kind": code.kind, "key_id": code.key_id, "nonce": nonce}
        self._audit.record(
            "code.verify", outcome, actor=actor, channel=channel[:16], terminal=terminal[:64], **detail
        )
