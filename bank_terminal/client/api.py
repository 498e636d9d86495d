"""`BankClient`: every call signed with the terminal's key (TerminalAuth: timestamp, nonce,
body hash); the teller and customer tokens are kept by the client and sent as headers."""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx

from core.identity.terminals import TerminalAuth

PREFIX = "/api/bank/v1"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class BankApiError(Exception):
    """A refused call: `status` (HTTP), `code` (stable, see the API's problem JSON), `detail`, `fields`."""

    def __init__(self, status: int, code: str, detail: str = "", fields: dict | None = None) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status, self.code, self.detail, self.fields = status, code, detail, fields or {}


class BankClient:
    """One bank terminal talking to yiwang. Pass `transport` to test against an app in-process."""

    def __init__(
        self,
        base_url: str,
        terminal_id: str,
        key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + PREFIX,
            auth=TerminalAuth(terminal_id, key),
            transport=transport,
            timeout=timeout,
        )
        self.teller_token = ""
        self.customer_token = ""

    def __enter__(self) -> BankClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        headers = {"X-Yiwang-Teller": self.teller_token, "X-Yiwang-Customer": self.customer_token}
        response = self._http.request(
            method, path, json=body, headers={k: v for k, v in headers.items() if v}
        )
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {}
            raise BankApiError(
                response.status_code,
                problem.get("code", "http_error"),
                problem.get("detail", ""),
                problem.get("fields") or {},
            )
        return response.json() if response.content else None

    def ping(self) -> dict:
        """Checks the key and the clock: {"terminal": id, "branch": site}."""
        return self._call("GET", "/ping")

    def log_in(self, username: str, password: str, totp_code: str) -> dict:
        """The teller starts work at this terminal; later calls act as this teller."""
        session = self._call(
            "POST", "/teller/login", {"username": username, "password": password, "code": totp_code}
        )
        self.teller_token = session["teller_token"]
        return session["teller"]

    def log_out(self) -> None:
        self._call("POST", "/teller/logout")
        self.teller_token = self.customer_token = ""

    def items(self) -> list[dict]:
        """Items the branch may offer, most asked first, with their own materials and fee."""
        return self._call("GET", "/items")

    def identify(self, *, eid_code: str | None = None, card: dict | None = None) -> dict:
        """The customer by their phone's e-ID code or the ID card reader's record; masked details."""
        body = {"eid_code": eid_code} if eid_code is not None else {"card": card}
        customer = self._call("POST", "/customers", body)
        self.customer_token = customer["customer_token"]
        return customer

    def customer_leaves(self) -> None:
        """End the customer's session and consents; the teller stays logged in."""
        try:
            self._call("POST", "/customers/leave")
        finally:
            self.customer_token = ""

    def ask_consent(
        self, item_codes: list[str], purpose: str = "apply", scenarios: dict[str, str] | None = None
    ) -> dict:
        """A consent request (each item for one scenario, its first by default): show its `code`
        as a QR for the customer's phone."""
        body = {"item_codes": item_codes, "purpose": purpose, "scenarios": scenarios or {}}
        return self._call("POST", "/consents", body)

    def consent(self, consent_id: str) -> dict:
        return self._call("GET", f"/consents/{consent_id}")

    def wait_for_consent(self, consent_id: str, timeout_s: float = 120.0, every_s: float = 1.0) -> dict:
        """Poll until the customer answers; BankApiError("consent_declined"/"consent_expired") if not yes."""
        deadline = time.monotonic() + timeout_s
        while True:
            consent = self.consent(consent_id)
            if consent["status"] == "confirmed":
                return consent
            if consent["status"] != "pending" or time.monotonic() > deadline:
                status = consent["status"] if consent["status"] != "pending" else "expired"
                raise BankApiError(409, f"consent_{status}", "the customer did not consent")
            time.sleep(every_s)

    def start_draft(self, item_code: str, scenario_id: str = "") -> dict:
        return self._call("POST", "/drafts", {"item_code": item_code, "scenario_id": scenario_id})

    def draft(self, draft_id: str) -> dict:
        return self._call("GET", f"/drafts/{draft_id}")

    def fill(self, draft_id: str, answers: dict[str, str]) -> dict:
        """Save answers; `missing` in the result lists required questions still open."""
        return self._call("PATCH", f"/drafts/{draft_id}", {"answers": answers})

    def submit(self, draft_id: str, idempotency_key: str | None = None) -> dict:
        """Submit; retry with the same key after a lost answer to get the same receipt."""
        key = idempotency_key or secrets.token_urlsafe(16)
        return self._call("POST", f"/drafts/{draft_id}/submit", {"idempotency_key": key})

    def application(self, application_id: str) -> dict:
        """Status of an application this branch took."""
        return self._call("GET", f"/applications/{application_id}")

    def print_receipt(self, application_id: str) -> dict:
        """Print the receipt of the customer's application on the branch printer."""
        return self._call("POST", f"/applications/{application_id}/print")
