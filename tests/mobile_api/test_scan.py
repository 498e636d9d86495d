"""POST /scan: a poster URL opens its item, a handoff code resumes the draft for its owner, a
receipt code shows the status; forged, expired, replayed and foreign codes are refused clearly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from core.identity.codes import issue_draft_handoff
from core.identity.nonces import utcnow
from tests.mobile_api.conftest import V1

RENT = "200070001001"
ANSWERS = {"monthly_rent": 1500, "owns_home_in_city": False, "bank_account": "6222021234567890123"}


def _scan(client: TestClient, payload: str, headers: dict | None = None):
    return client.post(f"{V1}/scan", json={"payload": payload}, headers=headers or {})


def test_poster_urls_open_items_and_bundles_without_login(client: TestClient) -> None:
    assert _scan(client, f"https://ywtb.example.cn/s/{RENT}").json() == {"action": "open_item", "code": RENT}
    assert _scan(client, "/s/yjs001").json() == {"action": "open_bundle", "code": "YJS001"}
    gone = _scan(client, "https://ywtb.example.cn/s/000000000000")
    assert gone.status_code == 404 and gone.json()["code"] == "scan_entry_unknown"
    other = _scan(client, "https://example.com/pay?x=1")
    assert other.status_code == 422 and other.json()["code"] == "scan_unrecognised"


def test_a_handoff_code_resumes_the_draft_once_and_only_for_its_owner(
    client: TestClient, verified_citizen: Callable
) -> None:
    alice, bob = verified_citizen("13512340001", 3), verified_citizen("13512340002", 4)
    draft = client.post(f"{V1}/drafts", json={"target_code": RENT}, headers=alice).json()
    code = client.post(f"{V1}/drafts/{draft['id']}/handoff-code", headers=alice).json()["payload"]
    assert _scan(client, code).json()["code"] == "unauthorized"
    assert _scan(client, code, alice).json() == {"action": "resume_draft", "draft_id": draft["id"]}
    assert _scan(client, code, alice).json()["code"] == "code_replayed"
    second = client.post(f"{V1}/drafts/{draft['id']}/handoff-code", headers=alice).json()["payload"]
    foreign = _scan(client, second, bob)
    assert foreign.status_code == 404 and foreign.json()["code"] == "code_foreign"
    third = client.post(f"{V1}/drafts/{draft['id']}/handoff-code", headers=alice).json()["payload"]
    resumed = client.post(f"{V1}/drafts/resume", json={"code": third}, headers=alice)
    assert resumed.status_code == 200 and resumed.json()["id"] == draft["id"]


def test_forged_and_expired_codes_are_refused(client: TestClient, verified_citizen: Callable) -> None:
    alice = verified_citizen("13512340003", 3)
    draft = client.post(f"{V1}/drafts", json={"target_code": RENT}, headers=alice).json()
    code = client.post(f"{V1}/drafts/{draft['id']}/handoff-code", headers=alice).json()["payload"]
    forged = code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB")
    assert _scan(client, forged, alice).json()["code"] == "code_bad_signature"
    owner = client.get(f"{V1}/drafts/{draft['id']}", headers=alice).json()["id"]
    assert owner == draft["id"]
    expired = issue_draft_handoff(draft["id"], "x" * 32, utcnow() - timedelta(hours=1)).payload
    answer = _scan(client, expired, alice)
    assert answer.status_code == 410 and answer.json()["code"] == "code_expired"
    assert _scan(client, "YW1.Q.1.2", alice).json()["code"] == "code_malformed"


def test_receipt_code_shows_the_status_for_its_owner(client: TestClient, verified_citizen: Callable) -> None:
    alice, bob = verified_citizen("13512340004", 3), verified_citizen("13512340005", 4)
    draft = client.post(f"{V1}/drafts", json={"target_code": RENT}, headers=alice).json()
    client.patch(f"{V1}/drafts/{draft['id']}", json={"answers": ANSWERS, "step": 1}, headers=alice)
    receipt = client.post(
        f"{V1}/drafts/{draft['id']}/submission", headers={**alice, "Idempotency-Key": "r"}
    ).json()
    code = client.post(f"{V1}/applications/{receipt['application_id']}/receipt-code", headers=alice).json()
    action = _scan(client, code["payload"], alice).json()
    assert action == {"action": "show_status", "application_id": receipt["application_id"]}
    assert _scan(client, code["payload"], bob).json()["code"] == "code_foreign"


def test_an_eid_code_is_not_for_phones(client: TestClient, verified_citizen: Callable) -> None:
    alice = verified_citizen("13512340006", 3)
    eid = client.post(f"{V1}/me/eid-code", headers=alice).json()["payload"]
    assert _scan(client, eid, alice).json()["code"] == "code_wrong_channel"
