"""Services over a migrated database with a settable clock, for the 告知承诺 tests."""

from datetime import UTC, datetime

import pytest

from core.applications.commitments import Commitments
from core.applications.drafts import Drafts
from core.applications.submission import Submissions
from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.testing.commitments import add_citizen, sign, teacher_draft
from core.testing.fakes import SettableClock


@pytest.fixture
def engine(database_url: str):
    return get_engine(database_url)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(datetime(2026, 11, 28, 17, 30, tzinfo=UTC))  # 01:30 on the 29th in Beijing


@pytest.fixture
def drafts(engine, seed_catalogue: Catalogue, clock) -> Drafts:
    return Drafts(engine, seed_catalogue, clock)


@pytest.fixture
def commitments(engine, seed_catalogue: Catalogue, clock) -> Commitments:
    return Commitments(engine, seed_catalogue, clock)


@pytest.fixture
def submissions(engine, seed_catalogue: Catalogue, clock, commitments) -> Submissions:
    return Submissions(engine, seed_catalogue, clock, commitments=commitments)


@pytest.fixture
def owed_application(engine, drafts, commitments, submissions) -> str:
    """A submitted teacher certification owing its medical examination by `DUE`."""
    add_citizen(engine)
    draft_id = teacher_draft(drafts)
    sign(commitments, draft_id)
    return submissions.submit("alice", draft_id, "key-1").application_id
