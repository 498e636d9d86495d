"""The mobile API through TestClient over a migrated, seeded SQLite database, talking to the
real sandbox department systems (SMS sink, population register, e-licence library, OIDC)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient

from core.sandbox.runner import SandboxHandle, start_sandbox
from core.services import reset_services
from core.settings import REPO_ROOT, get_settings
from mobile_api import PREFIX, create_standalone_app

V1 = PREFIX


@pytest.fixture
def sandbox(seeded_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxHandle]:
    monkeypatch.setenv("YIWANG_UPLOAD_DIR", str(tmp_path / "uploads"))
    handle = start_sandbox()
    monkeypatch.setenv("YIWANG_SMS_URL", handle.urls["sms"])
    monkeypatch.setenv("YIWANG_POPULATION_URL", handle.urls["population"])
    monkeypatch.setenv("YIWANG_ELICENCE_URL", handle.urls["elicence"])
    monkeypatch.setenv("YIWANG_OIDC_ISSUER", handle.urls["oidc"])
    get_settings.cache_clear()
    reset_services()
    yield handle
    handle.stop()


@pytest.fixture
def client(sandbox: SandboxHandle) -> Iterator[TestClient]:
    with TestClient(create_standalone_app(), base_url="http://phone.test") as test_client:
        yield test_client


def resident(index: int) -> dict:
    people = yaml.safe_load((REPO_ROOT / "data/sandbox/population.yaml").read_text("utf-8"))["residents"]
    return [p for p in people if p.get("status", "normal") == "normal"][index]


def sms_code(sandbox: SandboxHandle, phone: str) -> str:
    texts = httpx.get(f"{sandbox.urls['sms']}/messages", params={"phone": phone}, timeout=5).json()[
        "messages"
    ]
    return re.search(r"\d{6}", texts[0]["text"]).group(0)


def log_in(client: TestClient, sandbox: SandboxHandle, phone: str) -> dict:
    """SMS login as a phone does it; returns the token pair."""
    assert client.post(f"{V1}/auth/sms-code", json={"phone": phone}).status_code == 202
    answer = client.post(f"{V1}/auth/sms-login", json={"phone": phone, "code": sms_code(sandbox, phone)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def verified_citizen(client: TestClient, sandbox: SandboxHandle) -> Callable[[str, int], dict[str, str]]:
    """Log a phone in and bind the real name of sandbox resident `index`; returns auth headers."""

    def make(phone: str, index: int) -> dict[str, str]:
        headers = bearer(log_in(client, sandbox, phone))
        person = resident(index)
        bound = client.post(
            f"{V1}/me/real-name",
            json={"name": person["name"], "id_number": person["id_number"]},
            headers=headers,
        )
        assert bound.status_code == 200, bound.text
        return headers

    return make
