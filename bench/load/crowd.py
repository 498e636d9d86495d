"""Many users at once, each from its own loopback address (127.0.<group>.<n>), as households
behind their own connections: web citizens over the websocket, phones over the mobile API,
kiosks posting signed scans. A failed journey or scan is counted, never hidden."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from bench.load.phone_client import Phone
from bench.load.web_client import WebClient
from bench.load.web_journey import log_in, web_journey
from core.testing.journeys import citizen

WEB, PHONES, KIOSKS, IDLE = 1, 2, 3, 4  # the third octet of each kind of user's addresses


def address(group: int, n: int) -> str:
    return f"127.0.{group}.{1 + n % 250}"


@dataclass
class Outcome:
    """What one kind of user saw: latencies by step, journeys done and failed, why they failed."""

    timings: dict[str, list[float]] = field(default_factory=dict)
    done: int = 0
    failed: int = 0
    reasons: Counter = field(default_factory=Counter)

    def add(self, timings: dict[str, list[float]]) -> None:
        for label, values in timings.items():
            self.timings.setdefault(label, []).extend(values)

    def fail(self, error: Exception) -> None:
        self.failed += 1
        self.reasons[f"{type(error).__name__}: {str(error)[:90]}"] += 1

    @property
    def total(self) -> int:
        return self.done + self.failed


async def web_citizen(stack, run: str, number: int, journeys: int, outcome: Outcome) -> None:
    person = citizen(number, run)
    tab = WebClient(stack.base_url, local_address=address(WEB, number))
    try:
        await log_in(tab, person.phone, stack.sms_url)
        for _ in range(journeys):
            try:
                await web_journey(tab, person)
                outcome.done += 1
            except Exception as error:  # a wrong page or a timeout: an error of the load
                outcome.fail(error)
    except Exception as error:  # the login itself failed: every journey of this citizen is lost
        outcome.fail(error)
        outcome.failed += journeys - 1
    finally:
        outcome.add(tab.timings)
        await tab.close()


async def phone_user(stack, run: str, number: int, journeys: int, outcome: Outcome) -> None:
    person = citizen(number, run)
    async with Phone(stack.base_url, stack.sms_url, local_address=address(PHONES, number)) as phone:
        try:
            await phone.log_in(person.phone)
            for _ in range(journeys):
                try:
                    await phone.apply(person)
                    outcome.done += 1
                except Exception as error:
                    outcome.fail(error)
        except Exception as error:
            outcome.fail(error)
            outcome.failed += journeys - 1
        finally:
            outcome.add(phone.timings)


async def kiosk(base_url: str, terminal_id: str, key: str, scans: int, outcome: Outcome) -> None:
    from core.identity.terminals import TerminalAuth

    async with httpx.AsyncClient(
        base_url=base_url, auth=TerminalAuth(terminal_id, key), timeout=10
    ) as client:
        for n in range(scans):
            start = time.perf_counter()
            try:
                answer = await client.post("/terminal/v1/events", json={"kind": "qr", "text": f"scan-{n}"})
                answer.raise_for_status()
                outcome.done += 1
            except httpx.HTTPError as error:
                outcome.fail(error)
            outcome.timings.setdefault("POST /terminal/v1/events", []).append(time.perf_counter() - start)


async def idle_tabs(base_url: str, count: int, path: str) -> list[WebClient]:
    """`count` anonymous tabs left open on `path` (their state lives in Redis meanwhile)."""
    tabs = [WebClient(base_url, local_address=address(IDLE, n)) for n in range(count)]
    for tab in tabs:
        await tab.open(path)
    return tabs
