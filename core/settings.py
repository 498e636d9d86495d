"""One typed Settings object read from the environment (YIWANG_*).

Outside development it refuses to start with the default secret, so a forgotten
variable cannot ship a guessable signing key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-change-me"
DEV_OIDC_CLIENT_SECRET = "dev-only-oidc-client-secret"
OIDC_CALLBACK_PATH = "/auth/oidc/callback"
# The phone app's own callback (RFC 8252 §7.1: a private-use scheme in reverse-domain form).
MOBILE_OIDC_REDIRECT = "cn.gov.pingdingshan.yiwang:/oidc/callback"
KIOSK_IDLE_MAX_SECONDS = 90
KIOSK_IDLE_MIN_SECONDS = 5


class SettingsError(RuntimeError):
    """The environment asks for something unsafe or inconsistent."""


@dataclass(frozen=True)
class RateLimits:
    """How many times, per window, before a caller is refused. Each is read from
    YIWANG_LIMIT_<FIELD NAME IN CAPITALS> (a positive whole number); the defaults are the
    values the platform was sized with."""

    sms_per_phone_minute: int = 1  # login codes texted to one phone number
    sms_per_phone_hour: int = 5
    sms_per_client_hour: int = 20  # login codes asked for by one client address, any phone
    code_failures_per_client_hour: int = 30  # wrong login codes from one client address
    code_attempts: int = 5  # tries of one login code before it is spent
    mobile_per_client_minute: int = 240  # mobile API calls of one address: a household behind a NAT fits
    mobile_per_token_minute: int = 120  # mobile API calls with one access token
    staff_failures_per_account: int = 5  # failed staff logins before the account locks for 15 minutes
    staff_failures_per_client: int = 20  # failed staff logins of one client address in 15 minutes

    @staticmethod
    def variable(name: str) -> str:
        return f"YIWANG_LIMIT_{name.upper()}"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RateLimits:
        values = {}
        for limit in fields(cls):
            name, raw = cls.variable(limit.name), env.get(cls.variable(limit.name), "").strip()
            if not raw:
                continue
            if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
                raise SettingsError(f"{name} must be a positive whole number, not {raw!r}")
            values[limit.name] = int(raw)
        return cls(**values)


@dataclass(frozen=True)
class Settings:
    env: str = "dev"
    database_url: str = f"sqlite:///{REPO_ROOT / 'var' / 'yiwang.db'}"
    secret_key: str = DEV_SECRET
    public_url: str = "http://localhost:3000"
    catalogue_dir: Path = REPO_ROOT / "data" / "catalogue"
    glossary_dir: Path = REPO_ROOT / "data" / "glossary"
    # Citizens' uploaded materials: private, never under assets/, .web/ or Reflex's /_upload folder.
    upload_dir: Path = REPO_ROOT / "var" / "uploads"
    # Receipts and guides on paper: a CUPS queue when set, otherwise PDFs land in the spool folder.
    printer: str = ""
    print_spool: Path = REPO_ROOT / "var" / "spool"
    sms_url: str = "http://127.0.0.1:8731"
    population_url: str = "http://127.0.0.1:8732"
    elicence_url: str = "http://127.0.0.1:8734"
    # Housing fund, property register and social insurance records (facts for 秒批 rules).
    facts_url: str = "http://127.0.0.1:8736"
    secure_cookies: bool = False
    # At scale: Redis for one-time nonces and rate limits (and Reflex state, see rxconfig.py).
    redis_url: str = ""
    redis_prefix: str = "yw:"  # key namespace: several deployments (or test runs) may share a Redis
    # The province's unified identity service (OpenID Connect); locally the sandbox issuer.
    oidc_issuer: str = "http://127.0.0.1:8733"
    oidc_client_id: str = "yiwang-web"
    oidc_client_secret: str = DEV_OIDC_CLIENT_SECRET
    oidc_redirect: str = ""  # empty: public_url + OIDC_CALLBACK_PATH
    # The mobile app's callback: its custom scheme or an https app link, never the web's.
    oidc_mobile_redirect: str = MOBILE_OIDC_REDIRECT
    # A kiosk wipes itself after this long without a touch (the "kiosk" session policy's 90 s);
    # it can only be shortened, e.g. so e2e tests need not wait the full time.
    kiosk_idle_seconds: int = KIOSK_IDLE_MAX_SECONDS
    # The kiosk device agent's camera: a device index ("0"), a video file or an RTSP/HTTP URL.
    camera: str = "0"
    # Browser origins allowed to call the mobile API (mini-program web views, H5 pages).
    cors_origins: tuple[str, ...] = ()
    limits: RateLimits = field(default_factory=RateLimits)

    def __post_init__(self) -> None:
        if self.env not in {"dev", "test", "prod"}:
            raise SettingsError(f"YIWANG_ENV must be dev, test or prod, not {self.env!r}")
        if self.env == "prod" and self.secret_key == DEV_SECRET:
            raise SettingsError("set YIWANG_SECRET_KEY: the development secret is refused in prod")
        if self.env == "prod" and self.oidc_client_secret == DEV_OIDC_CLIENT_SECRET:
            raise SettingsError(
                "set YIWANG_OIDC_CLIENT_SECRET: the development client secret is refused in prod"
            )
        if not KIOSK_IDLE_MIN_SECONDS <= self.kiosk_idle_seconds <= KIOSK_IDLE_MAX_SECONDS:
            raise SettingsError(
                f"YIWANG_KIOSK_IDLE_SECONDS must be {KIOSK_IDLE_MIN_SECONDS} to {KIOSK_IDLE_MAX_SECONDS}"
            )
        if not self.oidc_redirect:  # frozen: derived once, here
            object.__setattr__(self, "oidc_redirect", self.public_url.rstrip("/") + OIDC_CALLBACK_PATH)
        _check_mobile_redirect(self.oidc_mobile_redirect, self.oidc_redirect)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            env=env.get("YIWANG_ENV", defaults.env),
            database_url=env.get("YIWANG_DATABASE_URL", defaults.database_url),
            secret_key=env.get("YIWANG_SECRET_KEY", defaults.secret_key),
            public_url=env.get("YIWANG_PUBLIC_URL", defaults.public_url).rstrip("/"),
            catalogue_dir=Path(env.get("YIWANG_CATALOGUE_DIR", defaults.catalogue_dir)),
            glossary_dir=Path(env.get("YIWANG_GLOSSARY_DIR", defaults.glossary_dir)),
            upload_dir=Path(env.get("YIWANG_UPLOAD_DIR", defaults.upload_dir)),
            printer=env.get("YIWANG_PRINTER", ""),
            print_spool=Path(env.get("YIWANG_PRINT_SPOOL", defaults.print_spool)),
            sms_url=env.get("YIWANG_SMS_URL", defaults.sms_url),
            population_url=env.get("YIWANG_POPULATION_URL", defaults.population_url),
            elicence_url=env.get("YIWANG_ELICENCE_URL", defaults.elicence_url),
            facts_url=env.get("YIWANG_FACTS_URL", defaults.facts_url),
            secure_cookies=env.get("YIWANG_SECURE_COOKIES", "") == "1",
            redis_url=env.get("REDIS_URL", env.get("YIWANG_REDIS_URL", "")),
            redis_prefix=env.get("YIWANG_REDIS_PREFIX", defaults.redis_prefix),
            oidc_issuer=env.get("YIWANG_OIDC_ISSUER", defaults.oidc_issuer).rstrip("/"),
            oidc_client_id=env.get("YIWANG_OIDC_CLIENT_ID", defaults.oidc_client_id),
            oidc_client_secret=env.get("YIWANG_OIDC_CLIENT_SECRET", defaults.oidc_client_secret),
            oidc_redirect=env.get("YIWANG_OIDC_REDIRECT", ""),
            oidc_mobile_redirect=env.get("YIWANG_MOBILE_OIDC_REDIRECT", "").strip() or MOBILE_OIDC_REDIRECT,
            kiosk_idle_seconds=_whole_number(env, "YIWANG_KIOSK_IDLE_SECONDS", defaults.kiosk_idle_seconds),
            camera=env.get("YIWANG_CAMERA", defaults.camera),
            cors_origins=_origins(env.get("YIWANG_CORS_ORIGINS", "")),
            limits=RateLimits.from_env(env),
        )


def _check_mobile_redirect(uri: str, web_redirect: str) -> None:
    """An https app link or a private-use scheme with a dot (reverse domain, RFC 8252 §7.1)."""
    scheme = urlsplit(uri).scheme
    if uri == web_redirect:
        raise SettingsError("YIWANG_MOBILE_OIDC_REDIRECT must differ from the web's YIWANG_OIDC_REDIRECT")
    if scheme != "https" and (scheme in {"http", ""} or "." not in scheme):
        raise SettingsError(
            "YIWANG_MOBILE_OIDC_REDIRECT must be an https app link or a reverse-domain custom scheme "
            f"(like {MOBILE_OIDC_REDIRECT}), not {uri!r}"
        )


def _origins(spec: str) -> tuple[str, ...]:
    """Comma-separated origins; "*" is refused: the API carries personal data."""
    origins = tuple(o.strip().rstrip("/") for o in spec.split(",") if o.strip())
    if "*" in origins:
        raise SettingsError("YIWANG_CORS_ORIGINS lists origins; '*' is not allowed")
    bad = [o for o in origins if not o.startswith(("https://", "http://"))]
    if bad:
        raise SettingsError(f"YIWANG_CORS_ORIGINS entries are http(s) origins, not {bad[0]!r}")
    return origins


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise SettingsError(f"{name} must be a whole number of seconds, not {raw!r}")
    return int(raw)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
