"""好差评: only the applicant, only after a decision, once, five levels."""

import pytest
from sqlmodel import Session

from core.applications.drafts import DraftNotFound
from core.applications.ratings import RatingRefused, Ratings
from core.applications.records import ApplicationEvent, ApplicationRecord
from core.db import get_engine


@pytest.fixture
def ratings(database_url: str) -> Ratings:
    engine = get_engine(database_url)
    with Session(engine) as session:
        session.add(
            ApplicationRecord(
                id="a1",
                receipt_no="2026112800000009",
                owner_id="alice",
                draft_id="d1",
                idempotency_key="k",
                payload_hash="h",
                target_kind="item",
                target_code="200070001001",
                channel="pc",
            )
        )
        session.add(ApplicationEvent(application_id="a1", status="submitted"))
        session.commit()
    return Ratings(engine)


def _decide(ratings: Ratings, status: str = "done") -> None:
    with Session(ratings._engine) as session:
        session.add(ApplicationEvent(application_id="a1", department="housing_fund", status=status))
        session.commit()


def test_rating_waits_for_a_decision_then_is_taken_once(ratings: Ratings) -> None:
    assert not ratings.can_rate("alice", "a1")
    with pytest.raises(RatingRefused, match="not_decided"):
        ratings.rate("alice", "a1", 5)
    _decide(ratings)
    assert ratings.can_rate("alice", "a1")
    saved = ratings.rate("alice", "a1", 4, "  窗口 很   耐心  ")
    assert (saved.level, saved.comment) == (4, "窗口 很 耐心")
    with pytest.raises(RatingRefused, match="already_rated"):
        ratings.rate("alice", "a1", 1)
    assert not ratings.can_rate("alice", "a1")
    assert ratings.rating("alice", "a1").level == 4


@pytest.mark.parametrize("level", [0, 6, -1])
def test_only_five_levels(ratings: Ratings, level: int) -> None:
    _decide(ratings, "approved")
    with pytest.raises(RatingRefused, match="level"):
        ratings.rate("alice", "a1", level)


def test_another_citizen_cannot_rate_or_read(ratings: Ratings) -> None:
    _decide(ratings)
    with pytest.raises(DraftNotFound):
        ratings.rate("mallory", "a1", 1)
    with pytest.raises(DraftNotFound):
        ratings.rating("mallory", "a1")


def test_long_comments_are_cut(ratings: Ratings) -> None:
    _decide(ratings)
    assert len(ratings.rate("alice", "a1", 3, "长" * 900).comment) == 500
