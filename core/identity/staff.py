"""Staff accounts (editors, reviewers, admins, bank tellers): Argon2id password + TOTP,
locked for a while after repeated failures, one vague answer for every failure."""

from __future__ import annotations

import contextlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine
from sqlmodel import Session

from core.audit import AuditLog, pseudonym
from core.clock import Clock, as_utc, system_clock
from core.identity.permissions import Role, StaffPrincipal
from core.identity.records import StaffRecord
from core.ratelimit import InMemoryRateLimiter, Limiter, RateLimited
from core.settings import RateLimits

LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
# Failures per account and per client (address, across accounts: one device cannot walk
# through many usernames) are RateLimits (YIWANG_LIMIT_STAFF_FAILURES_PER_*).
CLIENT_WINDOW = timedelta(minutes=15)
_HASHER = PasswordHasher()
# Equalises timing for unknown usernames so they cannot be told apart from wrong passwords.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")


class StaffAuthError(Exception):
    """`code`: invalid_credentials, locked, rate_limited, weak_password, exists, unknown_role."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewStaff:
    principal: StaffPrincipal
    totp_secret: str
    provisioning_uri: str


class StaffAccounts:
    def __init__(
        self,
        engine: Engine,
        audit: AuditLog,
        clock: Clock = system_clock,
        limiter: Limiter | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        self._engine = engine
        self._audit = audit
        self._clock = clock
        self._limits = limiter or InMemoryRateLimiter(clock)
        self.rates = limits or RateLimits()

    def create(self, username: str, display_name: str, password: str, roles: list[str]) -> NewStaff:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise StaffAuthError("weak_password")
        try:
            parsed = frozenset(Role(role) for role in roles)
        except ValueError as unknown:
            raise StaffAuthError("unknown_role") from unknown
        secret = pyotp.random_base32()
        with Session(self._engine) as session:
            if session.get(StaffRecord, username) is not None:
                raise StaffAuthError("exists")
            session.add(
                StaffRecord(
                    username=username,
                    display_name=display_name,
                    password_hash=_HASHER.hash(password),
                    totp_secret=secret,
                    roles=sorted(parsed),
                    created_at=self._clock(),
                )
            )
            session.commit()
        self._audit.record("staff.create", "ok", actor=username, roles=",".join(sorted(parsed)))
        uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="平顶山一网通办")
        return NewStaff(StaffPrincipal(username, display_name, parsed), secret, uri)

    def authenticate(
        self, username: str, password: str, totp_code: str, channel: str = "editor", client: str = ""
    ) -> StaffPrincipal:
        """The staff member, or StaffAuthError. `client` (the caller's address) limits how many
        failures one device may have across all accounts."""
        client_key = f"staff-login:{pseudonym(client, 'client')}" if client else ""
        if client_key:
            try:
                self._limits.check(client_key, self.rates.staff_failures_per_client, CLIENT_WINDOW)
            except RateLimited:
                self._audit.record(
                    "staff.login", "refused", actor=username[:64], channel=channel, reason="rate_limited"
                )
                raise StaffAuthError("rate_limited") from None
        try:
            return self._authenticate(username, password, totp_code, channel)
        except StaffAuthError:
            if client_key:
                with contextlib.suppress(RateLimited):  # already at the limit: nothing more to count
                    self._limits.hit(client_key, self.rates.staff_failures_per_client, CLIENT_WINDOW)
            raise

    def _authenticate(self, username: str, password: str, totp_code: str, channel: str) -> StaffPrincipal:
        now = self._clock()
        with Session(self._engine) as session:
            record = session.get(StaffRecord, username)
            if record is None or record.disabled:
                _HASHER.verify(_DUMMY_HASH, "not-a-real-password")
                self._audit.record(
                    "staff.login", "refused", actor=username[:64], channel=channel, reason="unknown"
                )
                raise StaffAuthError("invalid_credentials")
            if record.locked_until is not None and now < as_utc(record.locked_until):
                self._audit.record("staff.login", "refused", actor=username, channel=channel, reason="locked")
                raise StaffAuthError("locked")
            step = _totp_step(record, totp_code, now) if _password_ok(record, password) else None
            if step is None:
                record.failed_attempts += 1
                if record.failed_attempts >= self.rates.staff_failures_per_account:
                    record.locked_until, record.failed_attempts = now + LOCKOUT, 0
                session.add(record)
                session.commit()
                self._audit.record(
                    "staff.login", "refused", actor=username, channel=channel, reason="credentials"
                )
                raise StaffAuthError("invalid_credentials")
            record.failed_attempts, record.locked_until, record.last_totp_step = 0, None, step
            session.add(record)
            session.commit()
            principal = StaffPrincipal(
                record.username, record.display_name, frozenset(map(Role, record.roles))
            )
        self._audit.record("staff.login", "ok", actor=username, channel=channel)
        return principal

    def principal(self, username: str) -> StaffPrincipal | None:
        with Session(self._engine) as session:
            record = session.get(StaffRecord, username)
            if record is None or record.disabled:
                return None
            return StaffPrincipal(record.username, record.display_name, frozenset(map(Role, record.roles)))


def _password_ok(record: StaffRecord, password: str) -> bool:
    try:
        return _HASHER.verify(record.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _totp_step(record: StaffRecord, code: str, now: datetime) -> int | None:
    """The time step the code belongs to (±1 step of clock drift), unless already used."""
    totp, code = pyotp.TOTP(record.totp_secret), (code or "").strip()
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if step > record.last_totp_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
