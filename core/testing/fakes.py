"""In-memory stand-ins for unit tests (integration tests use the real sandbox servers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.integrations.errors import DepartmentUnavailable


@dataclass
class SettableClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class RecordingSms:
    sent: list[tuple[str, str]] = field(default_factory=list)
    down: bool = False

    def send(self, phone: str, text: str) -> None:
        if self.down:
            raise DepartmentUnavailable("sms", "gateway down")
        self.sent.append((phone, text))

    def last_code(self, phone: str) -> str:
        text = next(t for p, t in reversed(self.sent) if p == phone)
        return "".join(ch for ch in text if ch.isdigit())[:6]


@dataclass
class FakePopulationRegister:
    """name + ID number → result, with the sandbox register's rule order (name before
    death status, so a wrong name learns nothing more); plus a switch to be down."""

    people: dict[str, str] = field(default_factory=dict)  # id_number -> name
    deceased: set[str] = field(default_factory=set)
    down: bool = False

    def verify(self, name: str, id_number: str) -> str:
        if self.down:
            raise DepartmentUnavailable("population", "register down")
        if id_number not in self.people:
            return "not_found"
        if self.people[id_number] != name:
            return "mismatch"
        return "deceased" if id_number in self.deceased else "match"
