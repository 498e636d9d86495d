"""Citizen login with a phone number and a one-time SMS code.

Codes are 6 digits, single-use, valid 5 minutes, stored only as keyed hashes. Sending and
guessing are rate-limited per phone and per client, and the answer to "send me a code"
is the same whether or not the number already has an account.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog, pseudonym
from core.clock import Clock, as_utc, system_clock
from core.identity.records import CitizenRecord, OtpChallenge
from core.integrations.errors import DepartmentError
from core.integrations.sms import SmsGateway
from core.ratelimit import InMemoryRateLimiter, Limiter, RateLimited
from core.settings import RateLimits, get_settings

PHONE = re.compile(r"^1[3-9]\d{9}$")
CODE_TTL = timedelta(minutes=5)
MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
SMS_TEXT = "【平顶山一网通办】验证码 {code}，5 分钟内有效。请勿告诉他人。"


class LoginError(Exception):
    """A refused login step; `code` is stable and translated by the channels."""

    def __init__(self, code: str, retry_after: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after


@dataclass(frozen=True)
class LoginResult:
    citizen_id: str
    is_new: bool


def normalise_phone(raw: str) -> str:
    phone = re.sub(r"[\s-]", "", raw or "").removeprefix("+86")
    if not PHONE.match(phone):
        raise LoginError("invalid_phone")
    return phone


def _code_hash(phone: str, code: str) -> str:
    key = f"{get_settings().secret_key}:otp".encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


class CitizenLogin:
    def __init__(
        self,
        engine: Engine,
        sms: SmsGateway,
        audit: AuditLog,
        clock: Clock = system_clock,
        limiter: Limiter | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        self._engine = engine
        self._sms = sms
        self._audit = audit
        self._clock = clock
        self._limits = limiter or InMemoryRateLimiter(clock)
        rates = limits or RateLimits()  # YIWANG_LIMIT_* through core.services
        self._send_limits = (
            ("phone", rates.sms_per_phone_minute, MINUTE),
            ("phone", rates.sms_per_phone_hour, HOUR),
            ("client", rates.sms_per_client_hour, HOUR),
        )
        self._failure_limits = (("client", rates.code_failures_per_client_hour, HOUR),)
        self._code_attempts = rates.code_attempts

    def _limit(self, action: str, keys: dict[str, str], limits: tuple, count_it: bool = True) -> None:
        """Check every limit first, then count, so one refused limit costs no other."""
        rules = [
            (f"{action}:{kind}:{int(window.total_seconds())}:{keys[kind]}", n, window)
            for kind, n, window in limits
        ]
        try:
            for rule in rules:
                self._limits.check(*rule)
            for rule in rules if count_it else ():
                self._limits.hit(*rule)
        except RateLimited as limited:
            raise LoginError("too_many_requests", retry_after=limited.retry_after) from limited

    def request_code(self, raw_phone: str, client: str, channel: str = "pc") -> None:
        phone = normalise_phone(raw_phone)
        phone_key, client_key = pseudonym(phone, "phone"), pseudonym(client, "client")
        now = self._clock()
        self._limit("otp-send", {"phone": phone_key, "client": client_key}, self._send_limits)
        with Session(self._engine) as session:
            code = f"{secrets.randbelow(1_000_000):06d}"
            session.add(
                OtpChallenge(
                    phone_key=phone_key,
                    client_key=client_key,
                    code_hash=_code_hash(phone, code),
                    created_at=now,
                    expires_at=now + CODE_TTL,
                )
            )
            try:
                self._sms.send(phone, SMS_TEXT.format(code=code))
            except DepartmentError as down:
                self._audit.record("login.otp.send", "failed", actor=phone_key, channel=channel)
                raise LoginError("sms_unavailable") from down
            session.commit()
        self._audit.record("login.otp.send", "ok", actor=phone_key, channel=channel)

    def verify_code(self, raw_phone: str, code: str, client: str, channel: str = "pc") -> LoginResult:
        phone = normalise_phone(raw_phone)
        phone_key = pseudonym(phone, "phone")
        now = self._clock()
        client_key = pseudonym(client, "client")
        self._limit("otp-fail", {"client": client_key}, self._failure_limits, count_it=False)
        with Session(self._engine) as session:
            challenge = session.exec(
                select(OtpChallenge)
                .where(OtpChallenge.phone_key == phone_key, OtpChallenge.used_at.is_(None))
                .order_by(OtpChallenge.created_at.desc())
            ).first()
            outcome = _judge(challenge, phone, (code or "").strip(), now, self._code_attempts)
            if challenge is not None:
                challenge.attempts += 1
                challenge.used_at = now if outcome in ("ok", "too_many_attempts") else None
                session.add(challenge)
            session.commit()
        self._audit.record(
            "login.otp.verify",
            "ok" if outcome == "ok" else "refused",
            actor=phone_key,
            channel=channel,
            reason=outcome,
        )
        if outcome != "ok":
            self._limit("otp-fail", {"client": client_key}, self._failure_limits)
            raise LoginError(outcome)
        return self._citizen_for(phone)

    def _citizen_for(self, phone: str) -> LoginResult:
        with Session(self._engine) as session:
            citizen = session.exec(select(CitizenRecord).where(CitizenRecord.phone == phone)).first()
            if citizen is not None:
                return LoginResult(citizen.id, is_new=False)
            citizen = CitizenRecord(id=uuid.uuid4().hex, phone=phone, created_at=self._clock())
            session.add(citizen)
            session.commit()
            return LoginResult(citizen.id, is_new=True)


def _judge(challenge: OtpChallenge | None, phone: str, code: str, now: datetime, max_attempts: int) -> str:
    if challenge is None:
        return "invalid_code"
    if now >= as_utc(challenge.expires_at):
        return "expired_code"
    if challenge.attempts >= max_attempts:
        return "too_many_attempts"
    if not re.fullmatch(r"\d{6}", code) or not hmac.compare_digest(
        challenge.code_hash, _code_hash(phone, code)
    ):
        return "too_many_attempts" if challenge.attempts + 1 >= max_attempts else "invalid_code"
    return "ok"
