"""Cursor pagination over lists the core returns in a stable order: the cursor is opaque
(base64 of the last position) so clients cannot build one, only pass `next_cursor` back."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Annotated, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

from mobile_api.problems import ApiProblem

T = TypeVar("T")
CursorParam = Annotated[
    str, Query(max_length=64, description="`next_cursor` of the previous page; empty for the first page")
]
LimitParam = Annotated[int, Query(ge=1, le=50, description="how many entries per page")]


class PageInfo(BaseModel):
    """Where this page ends."""

    next_cursor: str | None = Field(
        default=None, description="pass as `cursor` for the next page; null at the end"
    )


def encode_cursor(position: str) -> str:
    return base64.urlsafe_b64encode(position.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError) as bad:
        raise ApiProblem("invalid_request", errors={"cursor": "invalid"}) from bad


def page_after(
    entries: Sequence[T], key: Callable[[T], str], cursor: str, limit: int
) -> tuple[list[T], PageInfo]:
    """The `limit` entries after the one whose key the cursor names (the first page without one)."""
    start = 0
    if cursor:
        last = decode_cursor(cursor)
        keys = [key(e) for e in entries]
        if last not in keys:
            raise ApiProblem("invalid_request", errors={"cursor": "stale"})
        start = keys.index(last) + 1
    chunk = list(entries[start : start + limit])
    more = start + limit < len(entries)
    return chunk, PageInfo(next_cursor=encode_cursor(key(chunk[-1])) if more and chunk else None)
