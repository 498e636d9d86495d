"""Login on a phone: SMS code (request, verify), refresh rotation, OIDC code exchange, logout."""

from __future__ import annotations

from fastapi import Depends, Request, Response

from core.identity.login import CODE_TTL, LoginError
from core.identity.mobile_tokens import RefreshRefused, TokenPair
from core.identity.oidc import OidcError
from core.services import citizen_login, mobile_tokens, oidc_login
from mobile_api.auth import CurrentCitizen
from mobile_api.limits import client_address, limit_client
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routing import CompactRouter
from mobile_api.schemas_account import (
    OidcExchange,
    OidcStart,
    RefreshRequest,
    SmsCodeRequest,
    SmsCodeSent,
    SmsLogin,
    TokenPairOut,
)

router = CompactRouter(prefix="/auth", tags=["auth"], dependencies=[Depends(limit_client)])
CHANNEL = "mobile"
FLOW = "mobile"  # the app's own redirect URI (YIWANG_MOBILE_OIDC_REDIRECT), never the web's


def _tokens(pair: TokenPair, is_new: bool | None = None) -> TokenPairOut:
    return TokenPairOut(
        access_token=pair.access_token,
        expires_at=pair.access_expires_at,
        refresh_token=pair.refresh_token,
        refresh_expires_at=pair.refresh_expires_at,
        is_new_account=is_new,
    )


def _login_problem(error: LoginError) -> ApiProblem:
    return ApiProblem(error.code, retry_after=error.retry_after or None)


@router.post(
    "/sms-code",
    status_code=202,
    response_model=SmsCodeSent,
    responses=problem_responses("invalid_phone", "too_many_requests", "sms_unavailable"),
    summary="获取短信验证码 Send a login code",
)
def request_sms_code(request: Request, body: SmsCodeRequest) -> SmsCodeSent:
    try:
        citizen_login().request_code(body.phone, client_address(request), channel=CHANNEL)
    except LoginError as error:
        raise _login_problem(error) from error
    return SmsCodeSent(expires_in=int(CODE_TTL.total_seconds()))


@router.post(
    "/sms-login",
    response_model=TokenPairOut,
    responses=problem_responses(
        "invalid_phone", "invalid_code", "expired_code", "too_many_attempts", "too_many_requests"
    ),
    summary="验证码登录 Log in with the code",
)
def sms_login(request: Request, body: SmsLogin) -> TokenPairOut:
    try:
        result = citizen_login().verify_code(body.phone, body.code, client_address(request), channel=CHANNEL)
    except LoginError as error:
        raise _login_problem(error) from error
    return _tokens(mobile_tokens().issue("citizen", result.citizen_id), result.is_new)


@router.post(
    "/refresh",
    response_model=TokenPairOut,
    responses=problem_responses("refresh_unknown", "refresh_expired", "refresh_reused", "too_many_requests"),
    summary="刷新令牌 Rotate the tokens",
)
def refresh(body: RefreshRequest) -> TokenPairOut:
    try:
        return _tokens(mobile_tokens().refresh(body.refresh_token))
    except RefreshRefused as refused:
        raise ApiProblem(f"refresh_{refused.code}") from refused


@router.post(
    "/oidc/start",
    response_model=OidcStart,
    responses=problem_responses("oidc_unavailable", "too_many_requests"),
    summary="统一身份认证登录地址 Start a provincial identity login",
)
def oidc_start() -> OidcStart:
    try:
        url, state = oidc_login().start(flow=FLOW)
    except OidcError as error:
        raise ApiProblem("oidc_unavailable") from error
    return OidcStart(authorize_url=url, state=state, redirect_uri=oidc_login().redirect_uri(FLOW))


@router.post(
    "/oidc/token",
    response_model=TokenPairOut,
    responses=problem_responses("oidc_refused", "oidc_unavailable", "oidc_conflict", "too_many_requests"),
    summary="统一身份认证换取令牌 Exchange the identity service's code",
)
def oidc_token(body: OidcExchange) -> TokenPairOut:
    try:
        if body.redirect_uri is not None and body.redirect_uri != oidc_login().redirect_uri(FLOW):
            raise OidcError("state")  # called back somewhere else than the app's own URI
        result = oidc_login().finish(body.code, body.state, channel=CHANNEL, flow=FLOW)
    except OidcError as error:
        code = {"unavailable": "oidc_unavailable", "conflict": "oidc_conflict"}.get(
            error.code, "oidc_refused"
        )
        raise ApiProblem(code) from error
    return _tokens(mobile_tokens().issue("citizen", result.citizen_id), result.is_new)


@router.post(
    "/logout",
    status_code=204,
    responses=problem_responses("unauthorized"),
    summary="退出所有手机登录 Log out on every phone",
)
def logout(citizen: CurrentCitizen) -> Response:
    mobile_tokens().revoke_all("citizen", citizen.id)
    return Response(status_code=204)
