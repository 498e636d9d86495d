"""Rate limits per client and per token, the CORS allow-list from settings, and the caller's language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from core.sandbox.runner import SandboxHandle
from core.settings import get_settings
from mobile_api import create_standalone_app
from tests.mobile_api.conftest import V1, bearer, log_in


def test_a_client_over_its_budget_gets_429_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YIWANG_LIMIT_MOBILE_PER_CLIENT_MINUTE", "3")
    get_settings.cache_clear()
    answers = [client.get(f"{V1}/search", params={"q": "户口"}) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429 and answers[3].json()["code"] == "too_many_requests"
    assert int(answers[3].headers["retry-after"]) >= 1


def test_a_token_over_its_budget_gets_429(
    client: TestClient, sandbox: SandboxHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = bearer(log_in(client, sandbox, "13212340001"))
    monkeypatch.setenv("YIWANG_LIMIT_MOBILE_PER_TOKEN_MINUTE", "2")
    get_settings.cache_clear()
    codes = [client.get(f"{V1}/me", headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_cors_allows_only_the_configured_origins(
    sandbox: SandboxHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YIWANG_CORS_ORIGINS", "https://h5.pds.gov.cn")
    get_settings.cache_clear()
    with TestClient(create_standalone_app()) as client:
        preflight = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization",
        }
        allowed = client.options(f"{V1}/drafts", headers={"Origin": "https://h5.pds.gov.cn", **preflight})
        assert allowed.headers["access-control-allow-origin"] == "https://h5.pds.gov.cn"
        other = client.get(f"{V1}/catalogue", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(
    ("header", "title"),
    [
        ("", "请先登录"),
        ("en", "Please log in"),
        ("zh-CN,en;q=0.5", "请先登录"),
        ("fr, en-GB;q=0.8", "Please log in"),
    ],
)
def test_problem_messages_follow_accept_language(client: TestClient, header: str, title: str) -> None:
    answer = client.get(f"{V1}/me", headers={"Accept-Language": header} if header else {})
    assert answer.json()["title"] == title
