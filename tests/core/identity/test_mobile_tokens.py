"""Mobile tokens: short access, rotating refresh, reuse revokes the family, logout everywhere."""

import pytest

from core.identity.mobile_tokens import MobileTokens, RefreshRefused
from core.identity.sessions import SessionStore


@pytest.fixture
def sessions(engine, clock) -> SessionStore:
    return SessionStore(engine, clock)


@pytest.fixture
def tokens(engine, sessions, clock) -> MobileTokens:
    return MobileTokens(engine, sessions, clock)


def test_access_token_lasts_an_hour_and_refresh_gives_new_ones(tokens, sessions, clock) -> None:
    first = tokens.issue("citizen", "c1")
    assert sessions.resolve(first.access_token).channel == "mobile"
    clock.advance(minutes=61)
    assert sessions.resolve(first.access_token) is None
    second = tokens.refresh(first.refresh_token)
    assert second.access_token != first.access_token and second.refresh_token != first.refresh_token
    assert sessions.resolve(second.access_token).subject_id == "c1"


def test_reusing_a_refresh_token_revokes_the_family(tokens, sessions) -> None:
    first = tokens.issue("citizen", "c1")
    second = tokens.refresh(first.refresh_token)
    with pytest.raises(RefreshRefused, match="reused"):
        tokens.refresh(first.refresh_token)
    assert sessions.resolve(second.access_token) is None
    with pytest.raises(RefreshRefused, match="unknown"):
        tokens.refresh(second.refresh_token)


def test_refresh_token_expires_after_30_days(tokens, clock) -> None:
    pair = tokens.issue("citizen", "c1")
    clock.advance(days=30, seconds=1)
    with pytest.raises(RefreshRefused, match="expired"):
        tokens.refresh(pair.refresh_token)


def test_logout_everywhere_on_phones_keeps_the_web_session(tokens, sessions) -> None:
    web, _ = sessions.start("citizen", "c1", "pc")
    phone = tokens.issue("citizen", "c1")
    tokens.revoke_all("citizen", "c1")
    assert sessions.resolve(phone.access_token) is None
    assert sessions.resolve(web) is not None
    with pytest.raises(RefreshRefused, match="unknown"):
        tokens.refresh(phone.refresh_token)


def test_forged_refresh_token_is_unknown(tokens) -> None:
    with pytest.raises(RefreshRefused, match="unknown"):
        tokens.refresh("forged")
