"""The API's message catalogue: problem code → (HTTP status, (zh title, zh detail), (en title, en detail)).

Kept here, not in the Reflex catalogs, because the API ships without shared_ui; a test checks
that every code has both languages."""

from __future__ import annotations

from mobile_api.messages_applications import APPLICATIONS, SCAN, UPLOADS

M = tuple[int, tuple[str, str], tuple[str, str]]

_GENERAL: dict[str, M] = {
    "bad_request": (
        400,
        ("请求无法处理", "请检查请求后重试。"),
        ("Bad request", "Check the request and retry."),
    ),
    "invalid_request": (
        422,
        ("请求内容有误", "请按 errors 中列出的字段修改后重试。"),
        ("Invalid request", "Correct the fields listed in errors and retry."),
    ),
    "not_found": (404, ("没有这个地址", "请检查 API 路径。"), ("Not found", "Check the API path.")),
    "method_not_allowed": (405, ("不支持该操作", "该地址不支持此请求方法。"), ("Method not allowed", "")),
    "not_acceptable": (406, ("无法提供该格式", ""), ("Not acceptable", "")),
    "unauthorized": (
        401,
        ("请先登录", "访问令牌缺失、无效或已过期，请用刷新令牌换取新的访问令牌。"),
        ("Please log in", "The access token is missing, invalid or expired; use the refresh token."),
    ),
    "too_many_requests": (
        429,
        ("操作太频繁", "请稍后再试。"),
        ("Too many requests", "Please wait and try again."),
    ),
}

_GUIDE: dict[str, M] = {
    "item_not_found": (404, ("没有找到这个事项", "事项不存在或已下线。"), ("No such service", "")),
    "bundle_not_found": (404, ("没有找到这件“一件事”", ""), ("No such life-event bundle", "")),
    "department_not_found": (404, ("没有找到这个部门", ""), ("No such department", "")),
    "life_event_not_found": (404, ("没有找到这个主题", ""), ("No such life event", "")),
    "scenario_not_found": (404, ("这个事项没有该办理情形", ""), ("The service has no such case", "")),
}

_LOGIN: dict[str, M] = {
    "invalid_phone": (422, ("手机号码不正确", "请输入 11 位手机号码。"), ("Invalid phone number", "")),
    "invalid_code": (401, ("验证码不正确", "请检查短信中的 6 位验证码。"), ("Wrong code", "")),
    "expired_code": (
        401,
        ("验证码已过期", "请重新获取验证码。"),
        ("The code has expired", "Ask for a new code."),
    ),
    "too_many_attempts": (
        429,
        ("尝试次数过多", "请重新获取验证码。"),
        ("Too many attempts", "Ask for a new code."),
    ),
    "service_unavailable": (
        503,
        ("服务暂时忙不过来", "这次操作没有生效，已填的内容不会丢失，请几秒后再试。"),
        ("The service is briefly unavailable", "Nothing was changed or lost; try again in a few seconds."),
    ),
    "sms_unavailable": (
        503,
        ("短信暂时发不出去", "请稍后再试。"),
        ("Text messages cannot be sent now", "Please try again later."),
    ),
    "refresh_unknown": (
        401,
        ("请重新登录", "刷新令牌无效。"),
        ("Please log in again", "Unknown refresh token."),
    ),
    "refresh_expired": (
        401,
        ("登录已过期", "请重新登录。"),
        ("Your login has expired", "Please log in again."),
    ),
    "refresh_reused": (
        401,
        ("请重新登录", "刷新令牌被重复使用，为安全起见已退出所有手机登录。"),
        ("Please log in again", "A refresh token was used twice: every phone login was ended."),
    ),
    "oidc_refused": (401, ("统一身份认证未通过", "请重新登录。"), ("The identity service refused", "")),
    "oidc_unavailable": (
        503,
        ("统一身份认证暂时不可用", "请稍后再试。"),
        ("Identity service unavailable", ""),
    ),
    "oidc_conflict": (
        409,
        ("账号信息冲突", "该身份已绑定其他账号，请联系客服。"),
        ("Account conflict", "This identity belongs to another account."),
    ),
}

_REAL_NAME: dict[str, M] = {
    "real_name_name": (422, ("姓名不正确", "请输入 2 到 30 个字的姓名。"), ("Invalid name", "")),
    "real_name_id_number": (
        422,
        ("身份证号码不正确", "请检查 18 位身份证号码。"),
        ("Invalid ID number", "Check the 18-character ID number."),
    ),
    "real_name_mismatch": (422, ("姓名与身份证号码不符", ""), ("Name and ID number do not match", "")),
    "real_name_not_found": (
        422,
        ("户籍系统中没有这个身份证号码", ""),
        ("Not in the population register", ""),
    ),
    "real_name_deceased": (422, ("无法绑定该身份", "请到窗口办理。"), ("This identity cannot be bound", "")),
    "real_name_already_bound": (
        409,
        ("该身份已绑定其他账号", "请用原账号登录或联系客服。"),
        ("This identity belongs to another account", ""),
    ),
    "real_name_unavailable": (
        503,
        ("户籍系统暂时不可用", "您填写的信息没有丢失，请稍后再试。"),
        ("The population register is unavailable", "Nothing was lost; try again later."),
    ),
    "real_name_required": (
        409,
        ("请先完成实名认证", "获取电子证照需要先绑定实名身份。"),
        ("Verify your real name first", "Fetching e-licences needs a verified identity."),
    ),
}

_BANK_CONSENT: dict[str, M] = {
    "consent_not_found": (
        404,
        ("没有找到这项授权", "授权码不存在，或不是发给当前账号的。"),
        ("No such consent request", "The code does not exist or was not sent to this account."),
    ),
    "consent_expired": (
        409,
        ("授权已过期", "请让银行工作人员重新发起。"),
        ("The consent request has expired", "Ask the bank staff to start again."),
    ),
    "consent_closed": (
        409,
        ("授权已处理", "这项授权已经同意、拒绝或结束。"),
        ("Already answered", "This consent request was already answered or ended."),
    ),
    "commitment_unsigned": (
        422,
        ("请签署告知承诺", "所选事项需要告知承诺：请阅读承诺内容并勾选签署后再同意。"),
        ("Please sign the commitment", "These services need your signed commitment before you consent."),
    ),
    "commitment_text_changed": (
        409,
        ("承诺内容已更新", "告知承诺的内容刚刚更新：请重新阅读后再签署。"),
        (
            "The commitment text has changed",
            "The commitment was just updated: please read it again, then sign.",
        ),
    ),
}

MESSAGES: dict[str, M] = {
    **_GENERAL,
    **_GUIDE,
    **_LOGIN,
    **_REAL_NAME,
    **APPLICATIONS,
    **UPLOADS,
    **SCAN,
    **_BANK_CONSENT,
}


def message(code: str, lang: str) -> tuple[str, str]:
    """(title, detail) in `lang` ("en" or "zh"); every code has both languages (tested)."""
    _, zh, en = MESSAGES[code]
    return en if lang == "en" else zh
