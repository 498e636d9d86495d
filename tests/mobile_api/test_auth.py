"""Login on a phone: SMS code through the real sandbox sink, token rotation, real-name binding
(masked), logout, and every refusal as a problem document."""

from __future__ import annotations

from fastapi.testclient import TestClient

from core.sandbox.runner import SandboxHandle
from tests.mobile_api.conftest import V1, bearer, log_in, resident, sms_code


def test_sms_login_gives_tokens_that_open_my_account(client: TestClient, sandbox: SandboxHandle) -> None:
    tokens = log_in(client, sandbox, "13912340001")
    assert tokens["token_type"] == "Bearer" and tokens["is_new_account"] is True
    me = client.get(f"{V1}/me", headers=bearer(tokens))
    assert me.status_code == 200 and me.json()["masked_phone"] == "139****0001"


def test_wrong_code_and_bad_phone_are_refused(client: TestClient, sandbox: SandboxHandle) -> None:
    assert client.post(f"{V1}/auth/sms-code", json={"phone": "12345"}).json()["code"] == "invalid_phone"
    client.post(f"{V1}/auth/sms-code", json={"phone": "13912340002"})
    code = sms_code(sandbox, "13912340002")
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post(f"{V1}/auth/sms-login", json={"phone": "13912340002", "code": wrong})
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_code"


def test_calls_without_a_live_token_get_401_with_www_authenticate(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer forged"}, {"Authorization": "Basic abc"}):
        answer = client.get(f"{V1}/me", headers=headers)
        assert answer.status_code == 401 and answer.json()["code"] == "unauthorized"
        assert answer.headers["www-authenticate"].startswith("Bearer")


def test_refresh_rotates_and_a_reused_refresh_token_ends_every_phone_login(
    client: TestClient, sandbox: SandboxHandle
) -> None:
    first = log_in(client, sandbox, "13912340003")
    second = client.post(f"{V1}/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert client.get(f"{V1}/me", headers=bearer(second)).status_code == 200
    reused = client.post(f"{V1}/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status_code == 401 and reused.json()["code"] == "refresh_reused"
    assert client.get(f"{V1}/me", headers=bearer(second)).status_code == 401


def test_logout_ends_the_access_token(client: TestClient, sandbox: SandboxHandle) -> None:
    tokens = log_in(client, sandbox, "13912340004")
    assert client.post(f"{V1}/auth/logout", headers=bearer(tokens)).status_code == 204
    assert client.get(f"{V1}/me", headers=bearer(tokens)).status_code == 401


def test_real_name_binding_answers_only_a_masked_id_number(
    client: TestClient, sandbox: SandboxHandle
) -> None:
    headers = bearer(log_in(client, sandbox, "13912340005"))
    person = resident(1)
    bad = client.post(
        f"{V1}/me/real-name",
        json={"name": person["name"], "id_number": "410402199003071234"},
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["code"] == "real_name_id_number"
    answer = client.post(
        f"{V1}/me/real-name", json={"name": person["name"], "id_number": person["id_number"]}, headers=headers
    )
    assert answer.status_code == 200 and answer.json()["is_real_name_verified"] is True
    assert person["id_number"] not in answer.text and answer.json()["masked_id_number"].endswith(
        person["id_number"][-4:]
    )
    mismatch = client.post(
        f"{V1}/me/real-name", json={"name": "张三丰", "id_number": resident(2)["id_number"]}, headers=headers
    )
    assert mismatch.json()["code"] == "real_name_mismatch"


def test_eid_code_is_signed_and_short_lived(client: TestClient, sandbox: SandboxHandle) -> None:
    headers = bearer(log_in(client, sandbox, "13912340006"))
    code = client.post(f"{V1}/me/eid-code", headers=headers)
    assert code.status_code == 201 and code.json()["payload"].startswith("YW1.E.")


def test_personal_answers_are_never_cached_public_ones_are(
    client: TestClient, sandbox: SandboxHandle
) -> None:
    headers = bearer(log_in(client, sandbox, "13912340007"))
    assert client.get(f"{V1}/me", headers=headers).headers["cache-control"] == "no-store"
    assert client.get(f"{V1}/catalogue").headers["cache-control"].startswith("public")
