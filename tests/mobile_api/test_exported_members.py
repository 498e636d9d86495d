"""The package's public surface, and the bearer dependency another router (e.g. the phone-side
consent of the bank terminal) reuses: 401 without a live token, the citizen with one."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

import mobile_api
from core.sandbox.runner import SandboxHandle
from mobile_api.auth import CurrentCitizen
from mobile_api.problems import install_problem_handlers
from mobile_api.routing import CompactRouter
from tests.mobile_api.conftest import bearer, log_in


def test_public_surface_is_pinned_and_sorted() -> None:
    assert mobile_api.__all__ == sorted(mobile_api.__all__)
    assert mobile_api.__all__ == ["PREFIX", "create_app", "create_standalone_app", "mount_mobile_api"]
    assert mobile_api.PREFIX == "/api/mobile/v1"


def test_another_router_reuses_the_bearer_dependency(client: TestClient, sandbox: SandboxHandle) -> None:
    router = CompactRouter()

    @router.post("/consents/{request_id}/confirm")
    def confirm(request_id: str, citizen: CurrentCitizen) -> dict:
        return {"request": request_id, "citizen": citizen.id}

    other = FastAPI()
    other.include_router(router)
    install_problem_handlers(other)
    headers = bearer(log_in(client, sandbox, "13112340001"))
    with TestClient(other) as phone:
        refused = phone.post("/consents/r1/confirm")
        assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
        confirmed = phone.post("/consents/r1/confirm", headers=headers)
        assert confirmed.status_code == 200 and len(confirmed.json()["citizen"]) == 32


def test_a_path_the_mount_cannot_match_is_still_a_problem_document() -> None:
    """A decoded newline keeps Starlette's mount from matching: the host app answers, in the
    API's problem format (found by schemathesis)."""
    from mobile_api import create_standalone_app

    response = TestClient(create_standalone_app()).get("/api/mobile/v1/consents/a%0Ab")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"
    outside = TestClient(create_standalone_app()).get("/elsewhere")
    assert outside.status_code == 404 and outside.json() == {"detail": "Not Found"}
