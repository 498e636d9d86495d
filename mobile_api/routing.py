"""Routers whose responses leave out null fields: compact payloads for slow phones (the
schemas mark those fields optional, so the contract holds)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter


class CompactRouter(APIRouter):
    def add_api_route(self, path: str, endpoint: Any, **kwargs: Any) -> None:
        kwargs["response_model_exclude_none"] = True  # the decorators always pass False
        super().add_api_route(path, endpoint, **kwargs)
