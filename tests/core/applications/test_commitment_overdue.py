"""A 告知承诺 material past its deadline: one notice to the department through the outbox and
the real sandbox department system, one timeline line, one text, whatever the number of relays;
supplying it afterwards clears the overdue state and tells the department too."""

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session, select

from core.applications.commitment_overdue import OverdueCommitments
from core.applications.delivery.contrib.sandbox_department.plugin import register_sandbox_departments
from core.applications.delivery.notices import COMMITMENT_OVERDUE, COMMITMENT_SUPPLIED
from core.applications.delivery.outbox import list_entries
from core.applications.delivery.registry import Registry
from core.applications.delivery.relay import Relay
from core.applications.records import ApplicationEvent
from core.sandbox import SandboxHandle, start_sandbox
from core.testing.commitments import DUE, PHONE, beijing_morning
from core.testing.fakes import RecordingSms


def notices(engine, application_id: str) -> list[str]:
    return [e.kind for e in list_entries(engine, application_id=application_id) if e.kind != "application"]


def overdue_lines(engine, application_id: str) -> list[ApplicationEvent]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(ApplicationEvent).where(
                    ApplicationEvent.application_id == application_id,
                    ApplicationEvent.status == "commitment_overdue",
                )
            )
        )


def test_nothing_is_notified_on_the_due_day(engine, seed_catalogue, clock, owed_application) -> None:
    clock.now = datetime(2026, 12, 29, 15, 0, tzinfo=UTC)  # 23:00 on the due day in Beijing
    sms = RecordingSms()
    assert OverdueCommitments(engine, sms, seed_catalogue, clock).notify_due() == 0
    assert notices(engine, owed_application) == [] and sms.sent == []


def test_the_day_after_the_deadline_one_notice_and_one_text(
    engine, seed_catalogue, clock, commitments, owed_application
) -> None:
    clock.now = beijing_morning(DUE + timedelta(days=1))
    sms = RecordingSms()
    assert OverdueCommitments(engine, sms, seed_catalogue, clock).notify_due() == 1
    assert OverdueCommitments(engine, sms, seed_catalogue, clock).notify_due() == 0  # another relay
    assert notices(engine, owed_application) == [COMMITMENT_OVERDUE]
    [(phone, text)] = sms.sent
    assert phone == PHONE and "已逾期" in text and "体检证明" in text and "2026-12-29" in text
    assert commitments.owed("alice", owed_application)[0].overdue


def test_a_refused_text_is_sent_next_round_without_a_second_notice(
    engine, seed_catalogue, clock, owed_application
) -> None:
    clock.now = beijing_morning(DUE + timedelta(days=1))
    sms = RecordingSms(down=True)
    overdue = OverdueCommitments(engine, sms, seed_catalogue, clock)
    assert overdue.notify_due() == 1 and sms.sent == []
    sms.down = False
    assert overdue.notify_due() == 0
    assert overdue.notify_due() == 0
    assert len(sms.sent) == 1 and "已逾期" in sms.sent[0][1]
    assert notices(engine, owed_application) == [COMMITMENT_OVERDUE]


def test_supplying_after_the_notice_clears_it_and_tells_the_department(
    engine, seed_catalogue, clock, commitments, owed_application
) -> None:
    clock.now = beijing_morning(DUE + timedelta(days=2))
    OverdueCommitments(engine, RecordingSms(), seed_catalogue, clock).notify_due()
    line = commitments.supply("alice", owed_application, "medical_examination", "upload-1")
    assert line.supplied and not line.overdue
    assert notices(engine, owed_application) == [COMMITMENT_SUPPLIED, COMMITMENT_OVERDUE]


def test_supplied_before_the_relay_noticed_sends_no_notice(
    engine, seed_catalogue, clock, commitments, owed_application
) -> None:
    clock.now = beijing_morning(DUE + timedelta(days=2))
    commitments.supply("alice", owed_application, "medical_examination", "upload-1")
    assert OverdueCommitments(engine, RecordingSms(), seed_catalogue, clock).notify_due() == 0
    assert notices(engine, owed_application) == []


@pytest.fixture
def sandbox() -> Iterator[SandboxHandle]:
    with start_sandbox() as handle:
        yield handle


def _relay_round(engine, seed_catalogue, clock, client, url: str) -> None:
    registry = register_sandbox_departments(Registry(), [d.code for d in seed_catalogue.departments], url)
    relay = Relay(engine, registry, client, clock)
    while relay.run_once():
        pass


def test_two_relays_hand_one_notice_to_the_sandbox_department(
    engine, seed_catalogue, clock, commitments, owed_application, sandbox
) -> None:
    url, sms = sandbox.urls["departments"], RecordingSms()
    clock.now = beijing_morning(DUE + timedelta(days=1))
    start = threading.Barrier(2)

    def relay_worker() -> None:
        start.wait()
        OverdueCommitments(engine, sms, seed_catalogue, clock).notify_due()
        with httpx.Client() as client:
            _relay_round(engine, seed_catalogue, clock, client, url)

    workers = [threading.Thread(target=relay_worker) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    received = httpx.get(f"{url}/notices").json()["notices"]
    assert [(n["kind"], n["application_id"], n["requests"]) for n in received] == [
        (COMMITMENT_OVERDUE, owed_application, 1)
    ]
    assert received[0]["payload"]["owed"] == [
        {"item": "010120003000", "material": "medical_examination", "due_on": "2026-12-29"}
    ]
    assert len(sms.sent) == 1
    [line] = overdue_lines(engine, owed_application)
    assert "承诺材料逾期未补交，已通知部门" in line.note and "overdue" in line.note

    commitments.supply("alice", owed_application, "medical_examination", "upload-1")
    with httpx.Client() as client:
        _relay_round(engine, seed_catalogue, clock, client, url)
    kinds = [n["kind"] for n in httpx.get(f"{url}/notices").json()["notices"]]
    assert kinds == [COMMITMENT_OVERDUE, COMMITMENT_SUPPLIED]
    assert len(sandbox.departments.applications()) == 1  # notices are not applications
