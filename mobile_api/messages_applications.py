"""Problem messages of drafts, materials, submissions, applications and scanned codes."""

from __future__ import annotations

M = tuple[int, tuple[str, str], tuple[str, str]]

APPLICATIONS: dict[str, M] = {
    "draft_not_found": (
        404,
        ("没有找到这份草稿", "草稿不存在、已提交，或不属于当前登录的账号。"),
        ("No such draft", "It does not exist, was submitted, or belongs to another account."),
    ),
    "draft_invalid": (
        422,
        ("有填写不正确的内容", "请按 errors 中列出的字段修改。"),
        ("Some answers are not valid", "Correct the fields listed in errors."),
    ),
    "field_locked": (
        422,
        ("这些内容来自实名信息，不能修改", ""),
        ("These answers come from your verified identity and cannot be changed", ""),
    ),
    "consent_required": (
        422,
        ("需要您的授权", "请同意获取电子证照后再试。"),
        ("Your consent is needed", "Agree to fetching your e-licences and retry."),
    ),
    "material_not_in_draft": (
        422,
        ("这份草稿不需要该材料", ""),
        ("The draft does not need this material", ""),
    ),
    "upload_not_found": (404, ("没有找到这份材料", ""), ("No such upload", "")),
    "application_not_found": (
        404,
        ("没有找到这件申请", "申请不存在，或不属于当前登录的账号。"),
        ("No such application", "It does not exist or belongs to another account."),
    ),
    "incomplete": (
        422,
        ("还有必填内容没有填写", "请按 errors 补全后再提交，草稿已保存。"),
        ("Some required answers are missing", "Complete the fields in errors; the draft is saved."),
    ),
    "idempotency_key_required": (
        400,
        ("缺少 Idempotency-Key", "提交申请时请带上 1 到 64 个字符的 Idempotency-Key 请求头。"),
        ("Idempotency-Key is required", "Send an Idempotency-Key header of 1 to 64 characters."),
    ),
    "idempotency_conflict": (
        422,
        ("该 Idempotency-Key 已用于另一份内容", "请为新的提交使用新的 Idempotency-Key。"),
        ("This Idempotency-Key was used for other answers", "Use a new key for a new submission."),
    ),
    "in_progress": (
        409,
        ("正在提交中", "同一个请求正在处理，请稍后用相同的 Idempotency-Key 重试。"),
        ("Already being submitted", "Retry later with the same Idempotency-Key."),
    ),
    "not_decided": (409, ("申请还没有办结，暂不能评价", ""), ("Not decided yet: rate it later", "")),
    "already_rated": (409, ("您已经评价过了", ""), ("You have already rated this", "")),
    "rating_level": (422, ("请选择 1 到 5 的评价等级", ""), ("Choose a level from 1 to 5", "")),
}

UPLOADS: dict[str, M] = {
    "upload_empty": (422, ("文件是空的", ""), ("The file is empty", "")),
    "upload_too_large": (413, ("文件超过 10 MB", ""), ("The file is larger than 10 MB", "")),
    "upload_unsupported_type": (
        415,
        ("只能上传照片（JPEG、PNG）或 PDF", ""),
        ("Only photos (JPEG, PNG) and PDF files", ""),
    ),
    "upload_corrupt": (422, ("文件已损坏，无法读取", ""), ("The file is damaged", "")),
    "upload_too_many_pixels": (422, ("图片太大，请拍一张小一些的照片", ""), ("The picture is too large", "")),
    "upload_active_content": (422, ("这个 PDF 含有脚本或附件，不能接受", ""), ("The PDF has scripts", "")),
    "upload_encrypted": (
        422,
        ("这个 PDF 有密码，请去掉密码后上传", ""),
        ("The PDF is password-protected", ""),
    ),
    "upload_too_many_pages": (422, ("这个 PDF 页数太多", ""), ("The PDF has too many pages", "")),
    "upload_too_complex": (422, ("这个 PDF 太复杂，无法检查", ""), ("The PDF is too complex to check", "")),
}

SCAN: dict[str, M] = {
    "scan_unrecognised": (
        422,
        ("无法识别这个二维码", "这不是平顶山一网通办的二维码。"),
        ("This code is not recognised", "It is not a yiwang code."),
    ),
    "scan_entry_unknown": (
        404,
        ("二维码对应的事项不存在或已下线", ""),
        ("The code opens no current service", ""),
    ),
    "code_malformed": (
        422,
        ("二维码内容不完整", "请重新扫描。"),
        ("The code is incomplete", "Scan it again."),
    ),
    "code_unknown_version": (422, ("二维码版本不受支持", ""), ("Unsupported code version", "")),
    "code_unknown_key": (422, ("二维码已失效", "请重新生成。"), ("The code is no longer valid", "")),
    "code_bad_signature": (
        422,
        ("二维码无效", "二维码可能被篡改或伪造。"),
        ("The code is not valid", "It may have been altered or forged."),
    ),
    "code_expired": (
        410,
        ("二维码已过期", "请重新生成二维码。"),
        ("The code has expired", "Ask for a new one."),
    ),
    "code_replayed": (409, ("二维码已经用过了", "请重新生成二维码。"), ("The code was already used", "")),
    "code_wrong_channel": (422, ("这个二维码不能在手机上使用", ""), ("This code is not for phones", "")),
    "code_foreign": (
        404,
        ("这个二维码不属于当前账号", "请用生成二维码的账号登录后再扫。"),
        ("This code belongs to another account", "Log in with the account that made it."),
    ),
}
