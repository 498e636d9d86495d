"""The sandbox department system (部门业务系统): receives applications, de-duplicates, reports status.

API:
  POST /applications  Idempotency-Key: <key>  {"application_id", "department", "payload": {}}
       -> 201 {"reference", "status"}; the same key again -> 200 with the same reference;
          the same key with a different body -> 422; no key -> 400.
  GET  /applications[?department=]  -> 200 {"applications": [...]} in the order received, each
       with "requests": how many times its key was sent
  POST /notices  Idempotency-Key: <key>  {"application_id", "department", "kind", "payload": {}}
       -> 201 {"reference"}; the same key again -> 200 with the same reference (a notice about
          an application it holds, e.g. kind "commitment_overdue"); GET /notices lists them,
          each with "requests" like the applications.
  GET  /applications/<reference>/status -> 200 {"reference", "status" (受理/审核中/办结), "code", "final"}
       The status moves one step every `status_step_seconds` and on {"advance": reference}.
  POST /_control {"mode": "accept"|"reject"|"timeout"|"fail"|"retry_after", "times": n,
                  "retry_after": "5" or an HTTP date, "delay": seconds}  -> the next n POSTs
       behave so (fail: 503; retry_after: 503 + Retry-After; reject: 422; timeout: stores the
       application, then answers after `delay` seconds, later than a client's timeout).
       {"advance": reference} moves a status on; {"reset": true} forgets everything.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from core.sandbox.header_server import HeaderJsonServer, HeaderRequest, HeaderResponse
from core.sandbox.server import HttpError, JsonApp, Request, Response, json_object, text_field

__all__ = ["DepartmentApp", "DepartmentSystem", "HeaderJsonServer", "build_department_app"]

MODES = ("accept", "reject", "timeout", "fail", "retry_after")
STATUS_STEPS = (("accepted", "受理"), ("in_review", "审核中"), ("completed", "办结"))
DEFAULT_STATUS_STEP_SECONDS = 20.0
DEFAULT_TIMEOUT_DELAY = 1.0
MAX_KEY_LENGTH = 128
_KEY = re.compile(rf"[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}")
_STATUS_PATH = re.compile(r"/applications/([A-Za-z0-9-]{1,32})/status")


@dataclass
class ReceivedApplication:
    reference: str
    department: str
    application_id: str
    idempotency_key: str
    payload: dict[str, Any]
    received_at: datetime
    fingerprint: str
    advanced: int = 0  # steps moved on by control calls
    requests: int = 1  # how often it was sent: more than 1 means the sender repeated itself


@dataclass
class Behaviour:
    mode: str = "accept"
    times: int = 0
    retry_after: str = "1"
    delay: float = DEFAULT_TIMEOUT_DELAY


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DepartmentSystem:
    """Thread-safe store of received applications and of the behaviour asked for by tests."""

    def __init__(
        self,
        clock: Callable[[], datetime] = _utc_now,
        status_step_seconds: float = DEFAULT_STATUS_STEP_SECONDS,
    ) -> None:
        self._clock = clock
        self.status_step_seconds = status_step_seconds
        self._lock = threading.Lock()
        self._by_key: dict[str, ReceivedApplication] = {}
        self._by_reference: dict[str, ReceivedApplication] = {}  # in the order received
        self._behaviour = Behaviour()
        self._released = threading.Event()
        self._notices: dict[str, ReceivedApplication] = {}  # by key, in the order received

    def set_behaviour(self, behaviour: Behaviour) -> None:
        with self._lock:
            self._behaviour = behaviour

    def take_behaviour(self) -> Behaviour:
        """The behaviour for this request; after its `times` requests the system accepts again."""
        with self._lock:
            current = self._behaviour
            self._behaviour = replace(current, times=current.times - 1) if current.times > 1 else Behaviour()
            return current if current.times > 0 else Behaviour()

    def receive(
        self, key: str, department: str, application_id: str, payload: dict
    ) -> tuple[ReceivedApplication, bool]:
        """Store an application once per idempotency key; (application, whether it is new)."""
        fingerprint = json.dumps([department, application_id, payload], sort_keys=True, ensure_ascii=False)
        with self._lock:
            known = self._by_key.get(key)
            if known is not None:
                if known.fingerprint != fingerprint:
                    raise HttpError(422, "Idempotency-Key was already used for a different request")
                known.requests += 1
                return known, False
            reference = f"SBX-{len(self._by_reference) + 1:06d}"
            received = ReceivedApplication(
                reference, department, application_id, key, payload, self._clock(), fingerprint
            )
            self._by_key[key] = self._by_reference[reference] = received
            return received, True

    def receive_notice(self, key: str, department: str, application_id: str, payload: dict) -> bool:
        """Store a notice once per idempotency key; whether it is new."""
        with self._lock:
            known = self._notices.get(key)
            if known is not None:
                known.requests += 1
                return False
            reference = f"NTC-{len(self._notices) + 1:06d}"
            self._notices[key] = ReceivedApplication(
                reference, department, application_id, key, payload, self._clock(), ""
            )
            return True

    def notice_reference(self, key: str) -> str:
        with self._lock:
            return self._notices[key].reference

    def notices(self) -> list[ReceivedApplication]:
        with self._lock:
            return list(self._notices.values())

    def applications(self, department: str | None = None) -> list[ReceivedApplication]:
        with self._lock:
            return [a for a in self._by_reference.values() if department in (None, a.department)]

    def status(self, reference: str) -> tuple[str, str] | None:
        """(code, label) of an application's status, or None for an unknown reference."""
        with self._lock:
            found = self._by_reference.get(reference)
            if found is None:
                return None
            step = found.advanced
            if self.status_step_seconds > 0:
                step += int((self._clock() - found.received_at).total_seconds() // self.status_step_seconds)
            return STATUS_STEPS[min(step, len(STATUS_STEPS) - 1)]

    def advance(self, reference: str) -> tuple[str, str] | None:
        with self._lock:
            if reference not in self._by_reference:
                return None
            self._by_reference[reference].advanced += 1
        return self.status(reference)

    def wait(self, seconds: float) -> None:
        """Sleep like a slow department; `reset` cuts it short."""
        self._released.wait(seconds)

    def reset(self) -> None:
        with self._lock:
            self._by_key.clear()
            self._by_reference.clear()
            self._notices.clear()
            self._behaviour = Behaviour()
            self._released.set()
            self._released = threading.Event()


def _application_json(system: DepartmentSystem, application: ReceivedApplication) -> dict[str, Any]:
    code, label = system.status(application.reference) or STATUS_STEPS[0]
    return {
        "reference": application.reference,
        "department": application.department,
        "application_id": application.application_id,
        "idempotency_key": application.idempotency_key,
        "payload": application.payload,
        "received_at": application.received_at.isoformat(timespec="seconds"),
        "requests": application.requests,
        "status": label,
        "code": code,
    }


def _idempotency_key(request: Request) -> str:
    key = (request.headers if isinstance(request, HeaderRequest) else {}).get("idempotency-key", "")
    if not _KEY.fullmatch(key):
        raise HttpError(400, f"an Idempotency-Key header of 1 to {MAX_KEY_LENGTH} characters is required")
    return key


def _status_json(reference: str, status: tuple[str, str]) -> dict[str, Any]:
    code, label = status
    return {"reference": reference, "status": label, "code": code, "final": code == STATUS_STEPS[-1][0]}


def _behaviour_from(body: dict[str, Any]) -> Behaviour:
    mode, times = body.get("mode"), body.get("times", 1)
    if mode not in MODES:
        raise HttpError(422, f"mode must be one of {', '.join(MODES)}")
    if not isinstance(times, int) or isinstance(times, bool) or not 1 <= times <= 10_000:
        raise HttpError(422, "times must be a whole number from 1 to 10000")
    delay = body.get("delay", DEFAULT_TIMEOUT_DELAY)
    if not isinstance(delay, int | float) or not 0 <= delay <= 30:
        raise HttpError(422, "delay must be 0 to 30 seconds")
    return Behaviour(mode, times, str(body.get("retry_after", "1")), float(delay))


class DepartmentApp(JsonApp):
    """The routes, plus GET /applications/<reference>/status."""

    def __init__(self, system: DepartmentSystem) -> None:
        super().__init__("departments")
        self.system = system
        self.add("POST", "/applications", self._post)
        self.add("GET", "/applications", self._list)
        self.add("POST", "/_control", self._control)
        self.add("POST", "/notices", self._post_notice)
        self.add("GET", "/notices", self._list_notices)

    def dispatch(self, request: Request) -> Response:
        match = _STATUS_PATH.fullmatch(request.path)
        if match is None:
            return super().dispatch(request)
        if request.method != "GET":
            return Response(405, {"error": "use GET"})
        status = self.system.status(match.group(1))
        if status is None:
            return Response(404, {"error": "no application has this reference"})
        return Response(200, _status_json(match.group(1), status))

    def _post(self, request: Request) -> Response:
        behaviour = self.system.take_behaviour()
        if behaviour.mode == "fail":
            raise HttpError(503, "the department system is unavailable (sandbox mode fail)")
        if behaviour.mode == "retry_after":
            body = {"error": "the department system is busy (sandbox mode retry_after)"}
            return HeaderResponse(503, body, headers={"Retry-After": behaviour.retry_after})
        if behaviour.mode == "reject":
            raise HttpError(422, "the department refused the application (sandbox mode reject)")
        key = _idempotency_key(request)
        body = json_object(request)
        payload = body.get("payload")
        if not isinstance(payload, dict):
            raise HttpError(422, "payload must be a JSON object")
        received, created = self.system.receive(
            key, text_field(body, "department", 64), text_field(body, "application_id", 64), payload
        )
        if behaviour.mode == "timeout":  # stored, but the answer comes too late for the caller
            self.system.wait(behaviour.delay)
        answer = {"reference": received.reference, "status": STATUS_STEPS[0][1]}
        return Response(201 if created else 200, answer)

    def _post_notice(self, request: Request) -> Response:
        key = _idempotency_key(request)
        body = json_object(request)
        payload = body.get("payload")
        if not isinstance(payload, dict):
            raise HttpError(422, "payload must be a JSON object")
        kind = text_field(body, "kind", 32)
        created = self.system.receive_notice(
            key,
            text_field(body, "department", 64),
            text_field(body, "application_id", 64),
            payload | {"kind": kind},
        )
        return Response(201 if created else 200, {"reference": self.system.notice_reference(key)})

    def _list_notices(self, request: Request) -> Response:
        notices = [
            {
                "reference": n.reference,
                "department": n.department,
                "application_id": n.application_id,
                "kind": n.payload["kind"],
                "payload": n.payload,
                "requests": n.requests,
            }
            for n in self.system.notices()
        ]
        return Response(200, {"notices": notices})

    def _list(self, request: Request) -> Response:
        listed = self.system.applications(request.query.get("department"))
        return Response(200, {"applications": [_application_json(self.system, a) for a in listed]})

    def _control(self, request: Request) -> Response:
        body = json_object(request)
        if body.get("reset") is True:
            self.system.reset()
            return Response(200, {"reset": True})
        if "advance" in body:
            reference = str(body["advance"])
            status = self.system.advance(reference)
            if status is None:
                raise HttpError(404, "no application has this reference")
            return Response(200, _status_json(reference, status))
        if "status_step_seconds" in body:
            seconds = body["status_step_seconds"]
            if not isinstance(seconds, int | float) or seconds < 0:
                raise HttpError(422, "status_step_seconds must be 0 (off) or more")
            self.system.status_step_seconds = float(seconds)
            return Response(200, {"status_step_seconds": float(seconds)})
        behaviour = _behaviour_from(body)
        self.system.set_behaviour(behaviour)
        return Response(200, {"mode": behaviour.mode, "times": behaviour.times})


def build_department_app(system: DepartmentSystem) -> DepartmentApp:
    return DepartmentApp(system)
