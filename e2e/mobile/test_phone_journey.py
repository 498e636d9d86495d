"""A phone plays the whole journey over the mobile API of the running app (one port, real
sandbox systems): search → guide → SMS login → real name → draft → e-licence → submit → status."""

from __future__ import annotations

import re
import time

import httpx
import yaml

from core.settings import REPO_ROOT

API = "/api/mobile/v1"
RENT = "200070001001"


def _resident(index: int) -> dict:
    people = yaml.safe_load((REPO_ROOT / "data/sandbox/population.yaml").read_text("utf-8"))["residents"]
    return [p for p in people if p.get("status", "normal") == "normal"][index]


def _sms_code(sms_url: str, phone: str) -> str:
    texts = httpx.get(f"{sms_url}/messages", params={"phone": phone}, timeout=5).json()["messages"]
    return re.search(r"\d{6}", texts[0]["text"]).group(0)


def _log_in(phone_app: httpx.Client, sms_url: str, phone: str) -> None:
    assert phone_app.post(f"{API}/auth/sms-code", json={"phone": phone}).status_code == 202
    tokens = phone_app.post(f"{API}/auth/sms-login", json={"phone": phone, "code": _sms_code(sms_url, phone)})
    assert tokens.status_code == 200, tokens.text
    phone_app.headers["Authorization"] = f"Bearer {tokens.json()['access_token']}"


def _find_and_read_guide(phone_app: httpx.Client) -> None:
    hits = phone_app.get(f"{API}/search", params={"q": "租房提取公积金"}).json()["hits"]
    assert RENT in [h["code"] for h in hits[:3]], hits
    guide = phone_app.get(f"{API}/items/{RENT}")
    assert guide.status_code == 200 and guide.json()["materials"]
    cached = phone_app.get(f"{API}/items/{RENT}", headers={"If-None-Match": guide.headers["etag"]})
    assert cached.status_code == 304


def test_a_phone_applies_and_follows_the_status(app_url: str, sms_url: str) -> None:
    with httpx.Client(base_url=app_url, timeout=20, headers={"Accept-Language": "zh-CN"}) as phone_app:
        assert phone_app.get(f"{API}/openapi.json").json()["openapi"].startswith("3.1")
        _find_and_read_guide(phone_app)
        _log_in(phone_app, sms_url, "13812349001")
        person = _resident(6)
        bound = phone_app.post(
            f"{API}/me/real-name", json={"name": person["name"], "id_number": person["id_number"]}
        )
        assert bound.status_code == 200 and person["id_number"] not in bound.text

        draft = phone_app.post(f"{API}/drafts", json={"target_code": RENT}).json()
        fetched = phone_app.post(f"{API}/drafts/{draft['id']}/elicences", json={"consent": True}).json()
        assert next(m for m in fetched["materials"] if m["id"] == "resident_id_card")["status"] == "ok"
        answers = {"monthly_rent": 1800, "owns_home_in_city": False, "bank_account": "6222021234567890123"}
        saved = phone_app.patch(f"{API}/drafts/{draft['id']}", json={"answers": answers, "step": 1}).json()
        assert saved["missing"] == {}

        key = {"Idempotency-Key": f"phone-{draft['id']}"}
        receipt = phone_app.post(f"{API}/drafts/{draft['id']}/submission", headers=key)
        assert receipt.status_code == 201 and re.fullmatch(r"\d{16}", receipt.json()["receipt_no"])
        assert phone_app.post(f"{API}/drafts/{draft['id']}/submission", headers=key).json() == receipt.json()

        application = receipt.json()["application_id"]
        statuses: set[str] = set()
        for _ in range(30):  # the relay delivers and the department answers on its own
            events = phone_app.get(f"{API}/applications/{application}/timeline").json()["events"]
            statuses = {e["status"] for e in events}
            if "accepted" in statuses:
                break
            time.sleep(2)
        assert {"submitted", "accepted"} <= statuses, statuses
        notes = phone_app.get(f"{API}/notifications").json()["notifications"]
        assert "accepted" in {n["status"] for n in notes}
        uses = phone_app.get(f"{API}/me/data-uses").json()["entries"]
        assert uses[0]["licence_type"] == "居民身份证"
