"""Applying on a phone: draft step by step, e-licences with consent, an upload checked by
content, an idempotent submission, the status timeline, notifications and the receipt."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

from fastapi.testclient import TestClient
from PIL import Image

from core.applications.submission_claims import take_claim
from core.clock import utcnow
from core.db import get_engine
from core.settings import get_settings
from tests.mobile_api.conftest import V1, resident

RENT = "200070001001"
ANSWERS = {"monthly_rent": 1500, "owns_home_in_city": False, "bank_account": "6222021234567890123"}


def _draft(client: TestClient, headers: dict[str, str], code: str = RENT) -> dict:
    answer = client.post(f"{V1}/drafts", json={"target_code": code}, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 250), (200, 210, 220)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_draft_is_prefilled_locked_and_masked(client: TestClient, verified_citizen: Callable) -> None:
    headers = verified_citizen("13712340001", 3)
    draft = _draft(client, headers)
    fields = {f["id"]: f for f in draft["fields"]}
    assert fields["applicant_name"]["value"] == resident(3)["name"] and fields["applicant_name"]["locked"]
    assert resident(3)["id_number"] not in str(draft)
    assert fields["applicant_id_number"]["value"].endswith(resident(3)["id_number"][-4:])
    locked = client.patch(
        f"{V1}/drafts/{draft['id']}", json={"answers": {"applicant_name": "别人"}, "step": 1}, headers=headers
    )
    assert locked.status_code == 422 and locked.json()["code"] == "field_locked"


def test_steps_are_validated_and_saved(client: TestClient, verified_citizen: Callable) -> None:
    headers = verified_citizen("13712340002", 3)
    draft = _draft(client, headers)
    wrong = client.patch(
        f"{V1}/drafts/{draft['id']}", json={"answers": {"monthly_rent": "不知道"}, "step": 1}, headers=headers
    )
    assert wrong.status_code == 422 and wrong.json()["errors"] == {"monthly_rent": "not_a_number"}
    saved = client.patch(
        f"{V1}/drafts/{draft['id']}", json={"answers": ANSWERS, "step": 1}, headers=headers
    ).json()
    assert saved["missing"] == {} and saved["step"] == 1
    listed = client.get(f"{V1}/drafts", headers=headers).json()["drafts"]
    assert [d["id"] for d in listed] == [draft["id"]]


def test_elicences_need_consent_then_fill_the_checklist_and_the_data_use_log(
    client: TestClient, verified_citizen: Callable
) -> None:
    headers = verified_citizen("13712340003", 3)
    draft = _draft(client, headers)
    refused = client.post(f"{V1}/drafts/{draft['id']}/elicences", json={"consent": False}, headers=headers)
    assert refused.status_code == 422 and refused.json()["code"] == "consent_required"
    fetched = client.post(
        f"{V1}/drafts/{draft['id']}/elicences", json={"consent": True}, headers=headers
    ).json()
    card = next(m for m in fetched["materials"] if m["id"] == "resident_id_card")
    assert card["status"] == "ok"
    uses = client.get(f"{V1}/me/data-uses", headers=headers).json()["entries"]
    assert uses and uses[0]["licence_type"] == "居民身份证" and uses[0]["requester"] == "mobile"


def test_uploads_are_checked_by_content_and_attached(client: TestClient, verified_citizen: Callable) -> None:
    headers = verified_citizen("13712340004", 3)
    draft = _draft(client, headers)
    url = f"{V1}/drafts/{draft['id']}/materials/resident_id_card/uploads"
    disguised = client.post(
        url, files={"file": ("身份证.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg")}, headers=headers
    )
    assert disguised.status_code == 415 and disguised.json()["code"] == "upload_unsupported_type"
    stored = client.post(url, files={"file": ("id-card.png", _photo(), "image/png")}, headers=headers)
    assert stored.status_code == 201 and stored.json()["media_type"] == "image/png"
    again = client.get(f"{V1}/drafts/{draft['id']}", headers=headers).json()
    assert next(m for m in again["materials"] if m["id"] == "resident_id_card")["status"] == "uploaded"
    assert client.get(f"{V1}/uploads/{stored.json()['id']}", headers=headers).content[:4] == b"\x89PNG"
    other = client.post(
        f"{V1}/drafts/{draft['id']}/materials/marriage_certificate/uploads",
        files={"file": ("a.png", _photo(), "image/png")},
        headers=headers,
    )
    assert other.json()["code"] == "material_not_in_draft"


def _ready_draft(client: TestClient, headers: dict[str, str]) -> dict:
    draft = _draft(client, headers)
    client.patch(f"{V1}/drafts/{draft['id']}", json={"answers": ANSWERS, "step": 1}, headers=headers)
    return draft


def test_submission_replays_the_first_receipt_for_the_same_key(
    client: TestClient, verified_citizen: Callable
) -> None:
    headers = verified_citizen("13712340005", 3)
    draft = _ready_draft(client, headers)
    url = f"{V1}/drafts/{draft['id']}/submission"
    first = client.post(url, headers={**headers, "Idempotency-Key": "k-1"})
    assert first.status_code == 201 and first.headers["idempotent-replayed"] == "false"
    replay = client.post(url, headers={**headers, "Idempotency-Key": "k-1"})
    assert replay.status_code == 201 and replay.json() == first.json()
    assert replay.headers["idempotent-replayed"] == "true"
    assert client.post(url, headers=headers).json()["code"] == "idempotency_key_required"
    receipt = first.json()
    assert len(receipt["receipt_no"]) == 16
    events = client.get(f"{V1}/applications/{receipt['application_id']}/timeline", headers=headers).json()[
        "events"
    ]
    assert events[0]["status"] == "submitted" and events[0]["label"] == "已提交"
    mine = client.get(f"{V1}/applications", headers=headers).json()["applications"]
    assert [a["receipt_no"] for a in mine] == [receipt["receipt_no"]]
    notes = client.get(f"{V1}/notifications", headers=headers).json()
    assert {n["status"] for n in notes["notifications"]} >= {"submitted"}
    later = client.get(f"{V1}/notifications", params={"cursor": notes["next_cursor"]}, headers=headers).json()
    assert later["notifications"] == []


def test_same_key_with_other_answers_is_422(client: TestClient, verified_citizen: Callable) -> None:
    headers = verified_citizen("13712340006", 3)
    first, second = _ready_draft(client, headers), _ready_draft(client, headers)
    assert (
        client.post(
            f"{V1}/drafts/{first['id']}/submission", headers={**headers, "Idempotency-Key": "same"}
        ).status_code
        == 201
    )
    other = client.post(
        f"{V1}/drafts/{second['id']}/submission", headers={**headers, "Idempotency-Key": "same"}
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_conflict"


def test_a_key_still_being_submitted_is_409(client: TestClient, verified_citizen: Callable) -> None:
    headers = verified_citizen("13712340007", 3)
    draft = _ready_draft(client, headers)
    me = client.get(f"{V1}/drafts/{draft['id']}", headers=headers)
    assert me.status_code == 200
    owner = _owner_of(draft["id"])
    # Another worker holds the key right now (the claim a request takes while it stores).
    assert take_claim(get_engine(get_settings().database_url), owner, "busy", utcnow())
    busy = client.post(
        f"{V1}/drafts/{draft['id']}/submission", headers={**headers, "Idempotency-Key": "busy"}
    )
    assert busy.status_code == 409 and busy.json()["code"] == "in_progress"


def test_concurrent_submissions_store_one_application(client: TestClient, verified_citizen: Callable) -> None:
    headers = verified_citizen("13712340008", 3)
    draft = _ready_draft(client, headers)
    answers: list = []

    def send() -> None:
        answers.append(
            client.post(
                f"{V1}/drafts/{draft['id']}/submission", headers={**headers, "Idempotency-Key": "race"}
            )
        )

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {a.status_code for a in answers} <= {201, 409}
    receipts = {a.json()["receipt_no"] for a in answers if a.status_code == 201}
    assert len(receipts) == 1
    assert len(client.get(f"{V1}/applications", headers=headers).json()["applications"]) == 1


def test_incomplete_draft_is_refused_and_kept(client: TestClient, verified_citizen: Callable) -> None:
    headers = verified_citizen("13712340009", 3)
    draft = _draft(client, headers)
    refused = client.post(
        f"{V1}/drafts/{draft['id']}/submission", headers={**headers, "Idempotency-Key": "x"}
    )
    assert (
        refused.status_code == 422
        and refused.json()["code"] == "incomplete"
        and "monthly_rent" in refused.json()["errors"]
    )
    assert client.get(f"{V1}/drafts/{draft['id']}", headers=headers).status_code == 200


def _owner_of(draft_id: str) -> str:
    from sqlmodel import Session

    from core.applications.records import DraftRecord

    with Session(get_engine(get_settings().database_url)) as session:
        return session.get(DraftRecord, draft_id).owner_id


def test_bundle_drafts_ask_each_shared_question_once_and_bad_targets_are_404(
    client: TestClient, verified_citizen: Callable
) -> None:
    headers = verified_citizen("13712340010", 3)
    bundle = _draft(client, headers, "YJS001")
    ids = [f["id"] for f in bundle["fields"]]
    assert bundle["target_kind"] == "bundle" and len(ids) == len(set(ids))
    unknown = client.post(f"{V1}/drafts", json={"target_code": "999999999999"}, headers=headers)
    assert unknown.status_code == 404 and unknown.json()["code"] == "item_not_found"
    scenario = client.post(f"{V1}/drafts", json={"target_code": RENT, "scenario_id": "nope"}, headers=headers)
    assert scenario.status_code == 404 and scenario.json()["code"] == "scenario_not_found"
