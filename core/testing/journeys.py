"""One citizen's way through core, as the channels drive it: search in their own words, read
the guide, fill a draft, submit. Used by the fault suite's submitters and the load bench;
every step goes through the wired services (core.services), so it runs against whatever
YIWANG_DATABASE_URL and REDIS_URL name."""

from __future__ import annotations

import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from core import services
from core.applications.submission import SubmissionError
from core.db import get_engine
from core.identity.records import CitizenRecord
from core.settings import get_settings
from core.testing.factories import make_id_number

RENT_ITEM = "200070001001"  # 公租房租金补贴: one department, a two-step form
RENT_SCENARIO = "no_contract"
SEARCH_WORDS = "租房补贴"
T = TypeVar("T")


@dataclass(frozen=True)
class Citizen:
    id: str
    phone: str
    name: str
    id_number: str


def citizen(number: int, run: str) -> Citizen:
    """A fictional citizen, distinct per (number, run): phone, name and ID number are theirs only."""
    serial = f"{number % 1000:03d}"
    birth = f"19{60 + number // 1000 % 40:02d}{1 + number % 12:02d}{1 + number % 28:02d}"
    return Citizen(
        id=f"c{run}{number:06d}",
        phone=f"139{zlib.crc32(run.encode()) % 10_000:04d}{number % 10_000:04d}",
        name=f"市民{number}",
        id_number=make_id_number("410402", birth, serial),
    )


def retrying(step: Callable[[], T], seconds: float = 60.0) -> T:
    """Run `step` again while the database or Redis is restarting, or a submission cut off by
    the restart still holds its key (a channel would show "try again"; the journey waits,
    keeping its idempotency key)."""
    from redis.exceptions import RedisError

    deadline = time.monotonic() + seconds
    while True:
        try:
            return step()
        except (DBAPIError, RedisError, OSError, SubmissionError) as failed:
            if isinstance(failed, SubmissionError) and failed.code != "in_progress":
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def register(person: Citizen) -> None:
    """The citizen row a login would have made (the status texts go to this phone)."""
    with Session(get_engine(get_settings().database_url)) as session:
        if session.get(CitizenRecord, person.id) is None:
            session.add(CitizenRecord(id=person.id, phone=person.phone, name=person.name))
            session.commit()


def answers_of(person: Citizen) -> dict[str, str]:
    return {
        "applicant_name": person.name,
        "applicant_id_number": person.id_number,
        "applicant_phone": person.phone,
        "monthly_rent": "1500",
        "owns_home_in_city": "false",
        "bank_account": "6222021234567890123",
    }


def search_and_read_guide() -> str:
    """Search in plain words, then open the rent subsidy's guide (as a click on its card would)."""
    services.guide_service().search(SEARCH_WORDS)
    item = services.guide_service().item(RENT_ITEM)
    if item is None:
        raise LookupError(f"item {RENT_ITEM} is not in the catalogue: seed it first")
    return item.code


def apply(person: Citizen) -> tuple[str, str]:
    """search -> guide -> draft -> submit; (application id, receipt number) once stored."""
    retrying(lambda: register(person))
    code = retrying(search_and_read_guide)
    limiter = services.rate_limiter()  # Redis at scale: the same key is counted by every worker
    retrying(lambda: limiter.hit(f"submit:{person.id}", 20, timedelta(minutes=1)))
    draft = retrying(lambda: services.drafts().start(person.id, code, RENT_SCENARIO))
    retrying(lambda: services.drafts().save_step(person.id, draft.id, answers_of(person), step=1))
    key = uuid.uuid4().hex  # kept across retries: a repeated submit returns the first receipt
    receipt = retrying(lambda: services.submissions().submit(person.id, draft.id, key))
    return receipt.application_id, receipt.receipt_no
