"""Login, tokens, the citizen's profile (always masked), the e-ID code and data-use log."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mobile_api.pagination import PageInfo


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SmsCodeRequest(_Schema):
    """Ask for a 6-digit login code by text message."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"phone": "13800138000"}]})
    phone: str = Field(min_length=1, max_length=20, description="mainland mobile number")


class SmsCodeSent(_Schema):
    """The code was sent (the answer is the same whether or not the number has an account)."""

    expires_in: int = Field(description="seconds the code stays valid", examples=[300])


class SmsLogin(_Schema):
    """Log in with the phone number and the code it received."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"phone": "13800138000", "code": "123456"}]})
    phone: str = Field(min_length=1, max_length=20)
    code: str = Field(min_length=1, max_length=10)


class RefreshRequest(_Schema):
    """Exchange a refresh token (once) for a new pair."""

    refresh_token: str = Field(min_length=1, max_length=200)


class OidcStart(_Schema):
    """Where to send the resident to log in with the provincial identity service."""

    authorize_url: str
    state: str = Field(description="send back with the code")
    redirect_uri: str = Field(description="the app's own callback the identity service returns to")


class OidcExchange(_Schema):
    """The `code` and `state` the identity service returned to the redirect URI."""

    code: str = Field(min_length=1, max_length=512)
    state: str = Field(min_length=1, max_length=200)
    redirect_uri: str | None = Field(
        default=None,
        max_length=512,
        description="the URI the app was called back on; when given it must be the app's registered one",
    )


class TokenPairOut(_Schema):
    """Bearer tokens: the access token (1 hour) for every call, the refresh token (30 days,
    single use: each refresh returns a new one) for /auth/refresh."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "token_type": "Bearer",
                    "access_token": "q1Jm…",
                    "expires_at": "2026-11-28T12:00:00Z",
                    "refresh_token": "Z9c…",
                    "refresh_expires_at": "2026-12-28T11:00:00Z",
                    "is_new_account": False,
                }
            ]
        }
    )
    token_type: str = "Bearer"
    access_token: str
    expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime
    is_new_account: bool | None = Field(default=None, description="first login with this phone")


class Profile(_Schema):
    """The logged-in citizen. The phone and ID number are masked; the full ID number is never sent."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "masked_phone": "138****8000",
                    "name": "张三",
                    "masked_id_number": "410***********100X",
                    "is_real_name_verified": True,
                }
            ]
        }
    )
    masked_phone: str
    name: str
    masked_id_number: str
    is_real_name_verified: bool


class RealNameBinding(_Schema):
    """Bind a real name, checked against the population register."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "张三", "id_number": "41040219900307100X"}]}
    )
    name: str = Field(min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=40)


class EidCode(_Schema):
    """A 60-second, single-use code to show as a QR code at a kiosk or bank terminal."""

    payload: str = Field(description="the QR text")
    expires_at: datetime


class DataUseOut(_Schema):
    """One use of the citizen's data: which licence, for what, by whom, with what outcome."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "at": "2026-11-28T10:00:00Z",
                    "licence_type": "居民户口簿",
                    "purpose": "生育登记",
                    "requester": "mobile",
                    "outcome": "ok",
                }
            ]
        }
    )
    id: int
    at: datetime
    licence_type: str
    purpose: str = Field(description="the service it was fetched for")
    requester: str = Field(description="channel (and terminal) or department")
    outcome: str = Field(description="ok, none_found or failed")


class DataUsePage(_Schema):
    """Who used my data, newest first."""

    entries: list[DataUseOut]
    page: PageInfo
