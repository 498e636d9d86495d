"""The served contract: OpenAPI 3.1 with every schema named and described, and a schemathesis
run against it (bounded examples): no 5xx, every response inside its schema, content type
and status code declared."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.sandbox.runner import SandboxHandle
from core.settings import get_settings
from mobile_api import create_standalone_app
from mobile_api.messages import MESSAGES
from tests.mobile_api.conftest import V1, bearer, log_in

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, status_code_conformance]


def test_openapi_31_names_and_describes_every_schema(client: TestClient) -> None:
    spec = client.get(f"{V1}/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    schemas = spec["components"]["schemas"]
    undescribed = [
        name for name, s in schemas.items() if not s.get("description") and name != "ValidationError"
    ]
    assert not undescribed, undescribed
    assert any("examples" in s for s in schemas.values())
    assert "MobileBearer" in spec["components"]["securitySchemes"]


def test_every_problem_code_has_both_languages() -> None:
    for code, (status, zh, en) in MESSAGES.items():
        assert 400 <= status < 600 and zh[0] and en[0], code


@pytest.fixture
def contract(sandbox: SandboxHandle, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    monkeypatch.setenv("YIWANG_LIMIT_MOBILE_PER_CLIENT_MINUTE", "100000")  # fuzzing is not abuse
    monkeypatch.setenv("YIWANG_LIMIT_MOBILE_PER_TOKEN_MINUTE", "100000")
    get_settings.cache_clear()
    app = create_standalone_app()
    with TestClient(app) as client:
        headers = bearer(log_in(client, sandbox, "13312340001"))
    yield schemathesis.openapi.from_asgi(f"{V1}/openapi.json", app), headers


def _runner(operation, headers: dict[str, str], statuses: dict[str, set[int]]):
    @settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.setdefault(operation.label, set()).add(response.status_code)

    return run


def test_schemathesis_finds_no_server_error_and_no_response_outside_the_schema(contract: tuple) -> None:
    schema, headers = contract
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        try:
            _runner(operation, headers, statuses)()
        except Exception as error:  # every operation runs; all failures are reported together
            failures.append(f"{operation.label}: {type(error).__name__}: {str(error)[:800]}")
    assert not failures, "\n\n".join(failures)
    assert set(statuses) == {o.label for o in operations}, "every operation was exercised"
    assert any(200 <= s < 300 for codes in statuses.values() for s in codes), statuses
