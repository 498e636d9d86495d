"""A verified citizen with a 教师资格认定 draft and its 告知承诺, for tests of every channel."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from core.applications.commitments import Commitments, Signature
from core.applications.drafts import Drafts
from core.applications.submission import Submissions
from core.guide.catalogue import Catalogue
from core.identity.records import CitizenRecord
from core.testing.factories import make_id_number

TEACHER = "010120003000"  # 教师资格认定: commitment required, medical examination owed in 30 days
NAME = "王晓梅"
PHONE = "13811112222"
DUE = date(2026, 12, 29)  # the deadline of a teacher draft decided at 01:30 on 29 November, Beijing


def beijing_morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 09:00 in Beijing


APPLICANT = {
    "applicant_name": NAME,
    "applicant_id_number": make_id_number("410402", "19980611", "024"),
    "applicant_phone": PHONE,
}


def add_citizen(engine: Engine, owner: str = "alice", verified: bool = True) -> None:
    with Session(engine) as session:
        session.add(
            CitizenRecord(
                id=owner,
                phone=PHONE,
                name=NAME,
                id_number=APPLICANT["applicant_id_number"] if verified else None,
                real_name_verified_at=datetime(2026, 1, 1, tzinfo=UTC) if verified else None,
            )
        )
        session.commit()


def teacher_draft(drafts: Drafts, owner: str = "alice") -> str:
    draft = drafts.start(owner, TEACHER, "exam_passed")
    drafts.save_step(owner, draft.id, APPLICANT, step=1)
    return draft.id


def sign(commitments: Commitments, draft_id: str, owner: str = "alice", **changes: object) -> Signature:
    """Sign the draft's first offer as the citizen would; `changes` spoil one element."""
    offer = commitments.offers(owner, draft_id)[0]
    arguments = {"text_hash": offer.text_hash, "typed_name": NAME, "agreed": True, "channel": "pc"} | changes
    return commitments.sign(owner, draft_id, offer.item_code, **arguments)


def submitted_teacher_application(engine: Engine, catalogue: Catalogue, owner: str = "alice") -> str:
    """A verified citizen's teacher certification, signed and submitted: its application id."""
    add_citizen(engine, owner)
    draft_id = teacher_draft(Drafts(engine, catalogue), owner)
    sign(Commitments(engine, catalogue), draft_id, owner)
    return Submissions(engine, catalogue).submit(owner, draft_id, "key-1").application_id
