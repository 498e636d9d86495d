"""A phone on the mobile API (/api/mobile/v1) over HTTP, as the mini-app calls it: SMS login,
search, guide, draft, answers, submit; the latency of every call by endpoint. A refused call or
a wrong answer raises ProtocolError."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.load.web_client import ProtocolError
from bench.load.web_journey import RECEIPT_NO, sms_code
from core.testing.journeys import RENT_ITEM, RENT_SCENARIO, SEARCH_WORDS, Citizen, answers_of

API = "/api/mobile/v1"


@dataclass(frozen=True)
class PhoneReceipt:
    application_id: str
    receipt_no: str


@dataclass
class Phone:
    base_url: str
    sms_url: str
    local_address: str | None = None
    timings: dict[str, list[float]] = field(default_factory=dict)
    _http: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Phone:
        transport = httpx.AsyncHTTPTransport(local_address=self.local_address)
        self._http = httpx.AsyncClient(
            base_url=self.base_url + API,
            transport=transport,
            timeout=20,
            headers={"Accept-Language": "zh-CN"},
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def _call(self, label: str, method: str, url: str, expect: int, **kwargs: Any) -> httpx.Response:
        assert self._http is not None, "use `async with Phone(...)`"
        start = time.perf_counter()
        try:
            answer = await self._http.request(method, url, **kwargs)
        finally:
            self.timings.setdefault(label, []).append(time.perf_counter() - start)
        if answer.status_code != expect:
            raise ProtocolError(f"{label}: {answer.status_code} {answer.text[:200]}")
        return answer

    async def log_in(self, phone: str) -> None:
        await self._call("POST /auth/sms-code", "POST", "/auth/sms-code", 202, json={"phone": phone})
        async with httpx.AsyncClient(timeout=10) as sink:
            code = await sms_code(self.sms_url, phone, sink)
        tokens = await self._call(
            "POST /auth/sms-login", "POST", "/auth/sms-login", 200, json={"phone": phone, "code": code}
        )
        assert self._http is not None
        self._http.headers["Authorization"] = f"Bearer {tokens.json()['access_token']}"

    async def apply(self, person: Citizen) -> PhoneReceipt:
        """search -> guide -> draft -> answers -> submit, checking each answer."""
        hits = (await self._call("GET /search", "GET", "/search", 200, params={"q": SEARCH_WORDS})).json()
        if RENT_ITEM not in [h["code"] for h in hits["hits"]]:
            raise ProtocolError("search: the rent subsidy is not among the hits")
        guide = await self._call("GET /items/{code}", "GET", f"/items/{RENT_ITEM}", 200)
        if not guide.json()["materials"]:
            raise ProtocolError("guide: no materials")
        body = {"target_code": RENT_ITEM, "scenario_id": RENT_SCENARIO}
        draft = (await self._call("POST /drafts", "POST", "/drafts", 201, json=body)).json()
        locked = {f["id"] for f in draft["fields"] if f["locked"]}  # from the identity: the phone shows them
        typed = {k: v for k, v in answers_of(person).items() if k not in locked}
        answers = {"answers": typed, "step": 1}
        saved = await self._call("PATCH /drafts/{id}", "PATCH", f"/drafts/{draft['id']}", 200, json=answers)
        if saved.json()["missing"]:
            raise ProtocolError(f"answers: still missing {sorted(saved.json()['missing'])}")
        receipt = await self._call(
            "POST /drafts/{id}/submission",
            "POST",
            f"/drafts/{draft['id']}/submission",
            201,
            headers={"Idempotency-Key": f"phone-{draft['id']}"},
        )
        stored = receipt.json()
        if not RECEIPT_NO.match(stored.get("receipt_no", "")):
            raise ProtocolError("submit: no receipt number")
        return PhoneReceipt(stored["application_id"], stored["receipt_no"])
