"""Reminders before a 告知承诺 deadline: 7 days and 1 day before, each sent once whatever the
number of rounds or workers, none once the material is supplied; through the real sandbox SMS."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import yaml

from core.applications.commitment_reminders import CommitmentReminders, due_reminders
from core.applications.commitment_terms import DEFAULT_TERMS_DIR, TermsFileError, load_terms, load_terms_file
from core.integrations.sms import HttpSmsGateway
from core.sandbox import SandboxHandle, start_sandbox
from core.sandbox.sms_sink import read_messages
from core.testing.commitments import DUE, beijing_morning
from core.testing.fakes import RecordingSms, SettableClock


def test_each_reminder_is_sent_once_at_its_lead_time(engine, seed_catalogue, owed_application) -> None:
    sms, clock = RecordingSms(), SettableClock(beijing_morning(DUE - timedelta(days=8)))
    reminders = CommitmentReminders(engine, sms, seed_catalogue, clock)
    assert reminders.send_due() == 0
    clock.now = beijing_morning(DUE - timedelta(days=7))
    assert reminders.send_due() == 1
    assert reminders.send_due() == 0  # a second round, or a second worker, sends nothing
    assert CommitmentReminders(engine, sms, seed_catalogue, clock).send_due() == 0
    clock.now = beijing_morning(DUE - timedelta(days=1))
    assert reminders.send_due() == 1
    assert reminders.send_due() == 0
    clock.now = beijing_morning(DUE + timedelta(days=1))
    assert reminders.send_due() == 0
    assert [phone for phone, _ in sms.sent] == ["13811112222", "13811112222"]
    first, last = (text for _, text in sms.sent)
    assert "2026-12-29" in first and "体检证明" in first and "还剩 7 天" in first
    assert "还剩 1 天" in last


def test_a_worker_that_was_down_sends_only_the_nearest_reminder(
    engine, seed_catalogue, owed_application
) -> None:
    sms = RecordingSms()
    clock = SettableClock(beijing_morning(DUE - timedelta(days=1)))
    assert CommitmentReminders(engine, sms, seed_catalogue, clock).send_due() == 1
    assert CommitmentReminders(engine, sms, seed_catalogue, clock).send_due() == 0
    assert len(sms.sent) == 1 and "还剩 1 天" in sms.sent[0][1]


def test_a_supplied_material_is_not_reminded(engine, seed_catalogue, commitments, owed_application) -> None:
    commitments.supply("alice", owed_application, "medical_examination", "upload-1")
    assert due_reminders(engine, DUE - timedelta(days=7)) == []


def test_a_refused_text_is_tried_again_next_round(engine, seed_catalogue, owed_application) -> None:
    sms = RecordingSms(down=True)
    clock = SettableClock(beijing_morning(DUE - timedelta(days=7)))
    reminders = CommitmentReminders(engine, sms, seed_catalogue, clock)
    assert reminders.send_due() == 0
    sms.down = False
    assert reminders.send_due() == 1 and len(sms.sent) == 1


@pytest.fixture
def sandbox() -> Iterator[SandboxHandle]:
    with start_sandbox() as handle:
        yield handle


def test_reminder_reaches_the_sandbox_sms_gateway(engine, seed_catalogue, owed_application, sandbox) -> None:
    clock = SettableClock(beijing_morning(DUE - timedelta(days=7)))
    with httpx.Client() as client:
        gateway = HttpSmsGateway(client, sandbox.urls["sms"])
        assert CommitmentReminders(engine, gateway, seed_catalogue, clock).send_due() == 1
        texts = read_messages(client, sandbox.urls["sms"], phone="13811112222")
    assert len(texts) == 1 and "按告知承诺" in texts[0].text and "2026-12-29" in texts[0].text


def test_the_shipped_terms_load() -> None:
    assert len(load_terms()) >= 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"item": "999999999999"}, "known item code"),
        ({"scenarios": ["nope"]}, "has no scenario nope"),
        ({"text": {"zh": "本人承诺"}}, "text needs zh and en"),
        ({"owed": [{"material": "commitment_letter", "days": 5}]}, "cannot be owed"),
        ({"owed": [{"material": "medical_examination", "days": 0}]}, "whole number"),
        ({"owed": [{"material": "unknown_paper", "days": 5}]}, "no material unknown_paper"),
    ],
)
def test_a_bad_terms_file_says_what_is_wrong(tmp_path: Path, seed_catalogue, change, message) -> None:
    raw = yaml.safe_load((DEFAULT_TERMS_DIR / "010120003000.yaml").read_text("utf-8")) | change
    path = tmp_path / "010120003000.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(TermsFileError, match=message):
        load_terms_file(path, seed_catalogue)


def test_an_item_not_flagged_commitment_is_refused(tmp_path: Path, seed_catalogue) -> None:
    path = tmp_path / "200070001001.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "item": "200070001001",
                "scenarios": ["no_contract"],
                "text": {"zh": "承诺", "en": "I undertake"},
            }
        ),
        "utf-8",
    )
    with pytest.raises(TermsFileError, match="not flagged commitment"):
        load_terms_file(path, seed_catalogue)


def test_an_account_without_a_phone_is_reminded_on_its_contact_phone(
    engine, seed_catalogue, owed_application
) -> None:
    """An account opened with an ID card at a kiosk has no phone: its application's contact
    phone gets the text; with none there, the reminder is skipped, never retried forever."""
    from sqlmodel import Session

    from core.applications.records import ApplicationRecord
    from core.identity.records import CitizenRecord

    with Session(engine) as session:
        citizen = session.get(CitizenRecord, "alice")
        citizen.phone = "k0123456789"
        session.add(citizen)
        application = session.get(ApplicationRecord, owed_application)
        application.answers = {**application.answers, "applicant_phone": "13900000000"}
        session.add(application)
        session.commit()
    sms = RecordingSms()
    clock = SettableClock(beijing_morning(DUE - timedelta(days=7)))
    assert CommitmentReminders(engine, sms, seed_catalogue, clock).send_due() == 1
    assert [phone for phone, _ in sms.sent] == ["13900000000"]
    with Session(engine) as session:
        application = session.get(ApplicationRecord, owed_application)
        application.answers = {**application.answers, "applicant_phone": ""}
        session.add(application)
        session.commit()
    clock.now = beijing_morning(DUE - timedelta(days=1))
    assert CommitmentReminders(engine, sms, seed_catalogue, clock).send_due() == 0
    assert CommitmentReminders(engine, sms, seed_catalogue, clock).send_due() == 0 and len(sms.sent) == 1
