"""Applications end to end: `python -m bench.bench_applications`.

1. Submissions per second through `core.applications.submission.Submissions` (answers
   validated, 秒批 rules decided, application + timeline + outbox rows in ONE transaction,
   idempotency checks) against two baselines timed in the same run on the same SQLite file:
   a bare insert of one row of the same size per transaction, and a bare insert of the same
   rows (application, events, outbox entry) per transaction with no logic.
2. Delivery throughput of the relay (claim, plugin POST to the sandbox department system,
   mark delivered) against bare httpx posts of the same bodies to the same server with the
   same client. The two are interleaved in rounds so both see the same machine noise.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from core.applications.delivery.contrib.sandbox_department.plugin import register_sandbox_departments
from core.applications.delivery.outbox import OutboxEntry
from core.applications.delivery.registry import Registry
from core.applications.delivery.relay import Relay, RelayPolicy
from core.applications.drafts import Drafts
from core.applications.records import ApplicationRecord
from core.applications.submission import Submissions
from core.db import get_engine, migrate
from core.guide.catalogue import Catalogue, load_catalogue_dir
from core.sandbox import start_sandbox
from core.settings import REPO_ROOT
from core.testing.factories import make_id_number

RENT = "200070001001"  # 租房提取住房公积金: a 秒批 item with rules
SUBMISSIONS = 200
ROUNDS = 4
DELIVERIES_PER_ROUND = 50
ANSWERS = {
    "applicant_name": "张建国",
    "applicant_id_number": make_id_number("410402", "19650312", "013"),
    "applicant_phone": "13812345678",
    "monthly_rent": "1500",
    "owns_home_in_city": "false",
    "bank_account": "6222021234567890123",
}


def _drafts(engine: Engine, catalogue: Catalogue, count: int) -> list[tuple[str, str]]:
    drafts = Drafts(engine, catalogue)
    made = []
    for index in range(count):
        owner = f"bench{index:05d}"
        draft = drafts.start(owner, RENT, "no_contract")
        drafts.save_step(owner, draft.id, ANSWERS, step=1)
        made.append((owner, draft.id))
    return made


def _per_second(count: int, call: Callable[[], None]) -> float:
    started = time.perf_counter()
    call()
    return count / (time.perf_counter() - started)


def _row_size(engine: Engine) -> int:
    with Session(engine) as session:
        record = session.exec(select(ApplicationRecord)).first()
    return len(json.dumps(record.model_dump(mode="json"), ensure_ascii=False).encode())


def _bare_single_rows(engine: Engine, count: int, size: int) -> float:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS bench_row (id TEXT PRIMARY KEY, body TEXT)"))
    body = "x" * size

    def insert() -> None:
        for _ in range(count):
            with engine.begin() as connection:
                connection.execute(
                    text("INSERT INTO bench_row (id, body) VALUES (:id, :body)"),
                    {"id": uuid.uuid4().hex, "body": body},
                )

    return _per_second(count, insert)


def _bare_same_rows(engine: Engine, count: int) -> float:
    """The rows one submission writes (application, two events, one outbox entry), copied from a
    stored application with new ids, one transaction each, no validation, rules or reads."""
    with Session(engine) as session:
        model = session.exec(select(ApplicationRecord)).first().model_dump()
        outbox = session.exec(select(OutboxEntry)).first().model_dump()

    def insert() -> None:
        for _ in range(count):
            new_id = uuid.uuid4().hex
            with Session(engine) as session:
                session.add(
                    ApplicationRecord(
                        **(
                            model
                            | {
                                "id": new_id,
                                "receipt_no": new_id[:16],
                                "draft_id": new_id,
                                "idempotency_key": new_id,
                            }
                        )
                    )
                )
                for status in ("submitted", "approved"):
                    session.execute(
                        text(
                            "INSERT INTO application_event (application_id, department, item_code, status, "
                            "note, at) VALUES (:a, '', '', :s, '', CURRENT_TIMESTAMP)"
                        ),
                        {"a": new_id, "s": status},
                    )
                session.add(
                    OutboxEntry(
                        **(outbox | {"id": None, "application_id": new_id, "idempotency_key": new_id})
                    )
                )
                session.commit()

    return _per_second(count, insert)


def submissions(engine: Engine, catalogue: Catalogue) -> None:
    made = _drafts(engine, catalogue, SUBMISSIONS)
    service = Submissions(engine, catalogue)
    rate = _per_second(SUBMISSIONS, lambda: [service.submit(o, d, d) for o, d in made])
    size = _row_size(engine)
    single = _bare_single_rows(engine, SUBMISSIONS, size)
    same = _bare_same_rows(engine, SUBMISSIONS)
    print(f"submissions ({SUBMISSIONS}, SQLite WAL, one transaction each; application row {size} bytes):")
    print(f"  core Submissions.submit          {rate:8.1f} /s")
    print(f"  bare insert, one same-size row   {single:8.1f} /s   ratio submit/bare {rate / single:.2f}x")
    print(f"  bare insert, the same 4 rows     {same:8.1f} /s   ratio submit/bare {rate / same:.2f}x")


def _bare_posts(client: httpx.Client, base_url: str, bodies: list[dict]) -> None:
    for body in bodies:
        answer = client.post(
            f"{base_url}/applications", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=5
        )
        answer.raise_for_status()


def deliveries(engine: Engine, catalogue: Catalogue) -> None:
    with Session(engine) as session:
        pending = session.exec(select(OutboxEntry).where(OutboxEntry.status == "pending")).all()
    bodies = [
        {"application_id": e.application_id, "department": e.department, "payload": e.payload}
        for e in pending[:DELIVERIES_PER_ROUND]
    ]
    with start_sandbox() as sandbox, httpx.Client() as client:
        base = sandbox.urls["departments"]
        codes = [d.code for d in catalogue.departments]
        policy = RelayPolicy(batch_size=DELIVERIES_PER_ROUND)
        relay = Relay(engine, register_sandbox_departments(Registry(), codes, base), client, policy=policy)
        relay_rates, bare_rates = [], []
        for _ in range(ROUNDS):
            bare_rates.append(_per_second(len(bodies), lambda: _bare_posts(client, base, bodies)))
            started = time.perf_counter()
            claimed = relay.run_once()
            relay_rates.append(claimed / (time.perf_counter() - started))
            if claimed != DELIVERIES_PER_ROUND:
                raise RuntimeError(f"the relay claimed {claimed} entries, not {DELIVERIES_PER_ROUND}")
        with Session(engine) as session:
            done = len(session.exec(select(OutboxEntry).where(OutboxEntry.status == "delivered")).all())
    relay_rate, bare_rate = statistics.median(relay_rates), statistics.median(bare_rates)
    print(
        f"delivery to the sandbox department system ({ROUNDS} rounds x {DELIVERIES_PER_ROUND}, medians; "
        f"{done} entries delivered):"
    )
    print(f"  relay (claim, POST, mark)        {relay_rate:8.1f} /s")
    ratio = relay_rate / bare_rate
    print(f"  bare httpx POST, same bodies     {bare_rate:8.1f} /s   ratio relay/bare {ratio:.2f}x")


def main() -> None:
    catalogue = load_catalogue_dir(REPO_ROOT / "data" / "catalogue")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate(url)
        engine = get_engine(url)
        submissions(engine, catalogue)
        deliveries(engine, catalogue)
        engine.dispose()


if __name__ == "__main__":
    main()
