"""Keeps the load bench's clients honest against the real app (production build, SQLite): one
web citizen over the Reflex websocket and one phone over the mobile API each log in by SMS and
apply; the database must hold each application, owned by that citizen, under the receipt number
the client was shown. A drifted protocol, state or handler name makes a call time out here."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlmodel import Session, select

from bench.load.phone_client import Phone
from bench.load.web_client import FrontendBuild, WebClient
from bench.load.web_journey import log_in, web_journey
from core.applications.records import ApplicationRecord
from core.db import get_engine
from core.identity.records import CitizenRecord
from core.testing.journeys import citizen

REPO = Path(__file__).resolve().parents[2]


def _run(journey):
    """Run a client's coroutine on its own thread: Playwright's sync API (the session's browser,
    started by earlier e2e tests) keeps an event loop running on the main thread."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(lambda: asyncio.run(journey())).result()


def _stored(database_url: str, application_id: str) -> tuple[ApplicationRecord, CitizenRecord]:
    with Session(get_engine(database_url)) as session:
        application = session.get(ApplicationRecord, application_id)
        assert application is not None, "the receipt was shown for an application that is not stored"
        owner = session.exec(select(CitizenRecord).where(CitizenRecord.id == application.owner_id)).one()
        return application, owner


def test_a_web_citizen_applies_over_the_websocket(app_url: str, sms_url: str, app_database_url: str) -> None:
    person = citizen(1, "e2eweb")
    build = FrontendBuild.read(REPO / ".web")
    assert build is not None, "the app fixture builds the frontend: its context.js must be there"

    async def journey():
        tab = WebClient(app_url, build=build)
        try:
            await log_in(tab, person.phone, sms_url)
            return await web_journey(tab, person), tab.timings
        finally:
            await tab.close()

    receipt, timings = _run(journey)
    application, owner = _stored(app_database_url, receipt.application_id)
    assert owner.phone == person.phone
    assert application.receipt_no == receipt.receipt_no
    assert application.channel == "pc" and application.target_code == "200070001001"
    assert {"send_code", "verify_code", "save_answers", "toggle_declared", "submit"} <= set(timings)
    assert {"open /login", "open /account", "load /search", "load /apply/<id>"} <= set(timings)


def test_a_phone_applies_over_the_mobile_api(app_url: str, sms_url: str, app_database_url: str) -> None:
    person = citizen(2, "e2ephone")

    async def journey():
        async with Phone(app_url, sms_url) as phone:
            await phone.log_in(person.phone)
            return await phone.apply(person), phone.timings

    receipt, timings = _run(journey)
    application, owner = _stored(app_database_url, receipt.application_id)
    assert owner.phone == person.phone
    assert application.receipt_no == receipt.receipt_no
    assert "POST /drafts/{id}/submission" in timings
