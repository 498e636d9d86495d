"""After delivery, the timeline follows the department's own progress: 受理 → 审核中 → 办结."""

from sqlmodel import Session, select

from core.applications.delivery.outbox import OutboxEntry, enqueue
from core.applications.records import ApplicationEvent
from core.applications.status import StatusPoller


def _statuses(engine, application_id: str) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)
        ).all()
    return [row.status for row in rows]


def test_status_moves_with_the_department(engine, relay, departments_url, http, clock) -> None:
    with Session(engine) as session:
        enqueue(session, "app-1", "public_security", {"receipt_no": "2026112800000001"}, clock())
        session.commit()
    relay.run_once()
    poller = StatusPoller(engine, http, departments_url, clock=clock)
    assert poller.poll_once() == 1
    assert _statuses(engine, "app-1") == ["delivered", "accepted"]
    clock.advance(seconds=5)
    assert poller.poll_once() == 0  # nothing moved: nothing added

    (received,) = http.get(f"{departments_url}/applications").json()["applications"]
    for _ in range(2):
        http.post(f"{departments_url}/_control", json={"advance": received["reference"]})
        assert poller.poll_once() == 0  # asked 5 s ago: not due yet
        clock.advance(seconds=5)
        assert poller.poll_once() == 1
    assert _statuses(engine, "app-1") == ["delivered", "accepted", "in_review", "done"]
    http.post(f"{departments_url}/_control", json={"advance": received["reference"]})
    clock.advance(seconds=5)
    assert poller.poll_once() == 0  # finished applications are not asked again


def test_a_department_that_is_down_is_asked_again_later(engine, relay, http, clock) -> None:
    with Session(engine) as session:
        enqueue(session, "app-2", "public_security", {}, clock())
        session.commit()
    relay.run_once()
    down = StatusPoller(engine, http, "http://127.0.0.1:9", clock=clock)
    assert down.poll_once() == 0
    assert _statuses(engine, "app-2") == ["delivered"]
    clock.advance(seconds=5)
    with Session(engine) as session:
        (entry,) = session.exec(select(OutboxEntry)).all()
    assert entry.next_attempt_at.replace(tzinfo=None) <= clock().replace(tzinfo=None)  # due again


def test_each_change_is_texted_to_the_applicant(engine, relay, departments_url, http, clock) -> None:
    from sqlmodel import SQLModel

    from core.applications.notifications import StatusNotifier
    from core.applications.records import ApplicationRecord
    from core.identity.records import CitizenRecord
    from core.testing.fakes import RecordingSms

    SQLModel.metadata.create_all(engine, tables=[ApplicationRecord.__table__, CitizenRecord.__table__])
    with Session(engine) as session:
        session.add(CitizenRecord(id="c1", phone="13812345678"))
        session.add(
            ApplicationRecord(
                id="app-3",
                receipt_no="2026112800000003",
                owner_id="c1",
                draft_id="d3",
                idempotency_key="k",
                payload_hash="h",
                target_kind="item",
                target_code="200070001001",
                answers={"monthly_rent": 1500},
                channel="pc",
            )
        )
        enqueue(session, "app-3", "public_security", {}, clock())
        session.commit()
    relay.run_once()
    sms = RecordingSms()
    poller = StatusPoller(engine, http, departments_url, notify=StatusNotifier(engine, sms), clock=clock)
    poller.poll_once()
    (received,) = http.get(f"{departments_url}/applications").json()["applications"]
    http.post(f"{departments_url}/_control", json={"advance": received["reference"]})
    clock.advance(seconds=5)
    poller.poll_once()
    assert [phone for phone, _ in sms.sent] == ["13812345678", "13812345678"]
    assert "2026112800000003" in sms.sent[0][1] and "部门已受理" in sms.sent[0][1]
    assert "正在审核" in sms.sent[1][1] and "1500" not in sms.sent[1][1]


def test_pollers_of_several_relays_ask_and_text_once(engine, relay, departments_url, clock) -> None:
    """Four pollers (one per relay) racing over the same delivered entries: each entry is asked
    about once per round, and each status change makes one timeline line and one text."""
    import threading

    import httpx

    with Session(engine) as session:
        for n in range(12):
            enqueue(session, f"app-r{n}", "public_security", {"n": n}, clock())
        session.commit()
    while relay.run_once():
        pass
    notified: list[tuple[str, str]] = []
    asked: list[str] = []

    def count(request: httpx.Request) -> None:
        asked.append(request.url.path)

    def poll() -> None:
        with httpx.Client(event_hooks={"request": [count]}) as client:
            notify = lambda *change: notified.append(change)  # noqa: E731
            poller = StatusPoller(engine, client, departments_url, notify=notify, clock=clock)
            poller.poll_once()

    threads = [threading.Thread(target=poll) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(asked) == len(set(asked)) == 12  # no application asked twice in one round
    assert sorted(notified) == sorted((f"app-r{n}", "accepted") for n in range(12))
    for n in range(12):
        assert _statuses(engine, f"app-r{n}") == ["delivered", "accepted"]
