"""The caller's language from Accept-Language: "en" or "zh" (Simplified Chinese, the default)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from babel import negotiate_locale
from fastapi import Depends, Request

AVAILABLE = ("zh_CN", "en")


def _preferred(header: str) -> list[str]:
    weighted = []
    for position, part in enumerate(header.split(",")[:12]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip().replace("-", "_")))
    return [tag for *_, tag in sorted(weighted)]


@lru_cache(maxsize=512)
def _negotiate(header: str) -> str:
    chosen = negotiate_locale(_preferred(header), AVAILABLE, sep="_")
    return "en" if chosen == "en" else "zh"


def caller_language(request: Request) -> str:
    return _negotiate(request.headers.get("accept-language", "")[:200])


Lang = Annotated[str, Depends(caller_language)]
