"""Citizen B can reach nothing of citizen A's: drafts, applications, receipts, uploads, codes
all answer 404 exactly as for an id that does not exist."""

from __future__ import annotations

import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from PIL import Image

from tests.mobile_api.conftest import V1

RENT = "200070001001"
ANSWERS = {"monthly_rent": 1500, "owns_home_in_city": False, "bank_account": "6222021234567890123"}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_another_citizen_gets_404_for_everything_of_mine(
    client: TestClient, verified_citizen: Callable
) -> None:
    alice, bob = verified_citizen("13612340001", 3), verified_citizen("13612340002", 4)
    draft = client.post(f"{V1}/drafts", json={"target_code": RENT}, headers=alice).json()
    upload = client.post(
        f"{V1}/drafts/{draft['id']}/materials/resident_id_card/uploads",
        files={"file": ("id.png", _png(), "image/png")},
        headers=alice,
    ).json()
    unsubmitted = client.post(f"{V1}/drafts", json={"target_code": RENT}, headers=alice).json()
    client.patch(f"{V1}/drafts/{draft['id']}", json={"answers": ANSWERS, "step": 1}, headers=alice)
    receipt = client.post(
        f"{V1}/drafts/{draft['id']}/submission", headers={**alice, "Idempotency-Key": "a"}
    ).json()
    application = receipt["application_id"]

    attempts = {
        "draft": client.get(f"{V1}/drafts/{unsubmitted['id']}", headers=bob),
        "draft step": client.patch(
            f"{V1}/drafts/{unsubmitted['id']}", json={"answers": {"monthly_rent": 1}, "step": 1}, headers=bob
        ),
        "handoff": client.post(f"{V1}/drafts/{unsubmitted['id']}/handoff-code", headers=bob),
        "elicences": client.post(
            f"{V1}/drafts/{unsubmitted['id']}/elicences", json={"consent": True}, headers=bob
        ),
        "upload into": client.post(
            f"{V1}/drafts/{unsubmitted['id']}/materials/resident_id_card/uploads",
            files={"file": ("id.png", _png(), "image/png")},
            headers=bob,
        ),
        "submit": client.post(
            f"{V1}/drafts/{unsubmitted['id']}/submission", headers={**bob, "Idempotency-Key": "b"}
        ),
        "receipt": client.get(f"{V1}/applications/{application}", headers=bob),
        "timeline": client.get(f"{V1}/applications/{application}/timeline", headers=bob),
        "receipt code": client.post(f"{V1}/applications/{application}/receipt-code", headers=bob),
        "rating": client.post(f"{V1}/applications/{application}/rating", json={"level": 5}, headers=bob),
        "upload": client.get(f"{V1}/uploads/{upload['id']}", headers=bob),
    }
    for what, answer in attempts.items():
        assert answer.status_code == 404, (what, answer.text)
    missing = client.get(f"{V1}/drafts/{'0' * 32}", headers=bob).json()
    assert attempts["draft"].json() == missing  # indistinguishable from "no such draft"
    assert client.get(f"{V1}/applications", headers=bob).json()["applications"] == []
    assert client.get(f"{V1}/notifications", headers=bob).json()["notifications"] == []
    assert client.get(f"{V1}/drafts", headers=bob).json()["drafts"] == []
    assert client.get(f"{V1}/applications/{application}", headers=alice).status_code == 200
