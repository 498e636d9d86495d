"""Account handlers decide who is calling from the session cookie, not from page guards:
a client without a session, with a forged one, or with another kind of session gets nothing."""

import pytest
from reflex.istate.data import RouterData
from sqlmodel import Session

from core.db import get_engine
from core.identity.records import CitizenRecord
from core.services import session_store
from web.pages.account import AccountState


def _caller(cookie: str) -> AccountState:
    state = AccountState(_reflex_internal_init=True)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "ip": "127.0.0.1", "pathname": "/account"}
    )
    return state


@pytest.fixture
def citizen_token(seeded_env: str) -> str:
    with Session(get_engine(seeded_env)) as session:
        session.add(CitizenRecord(id="c-owner", phone="13812345678"))
        session.commit()
    token, _ = session_store().start("citizen", "c-owner", "pc")
    return token


def test_own_session_sees_own_masked_profile(citizen_token: str) -> None:
    state = _caller(f"yiwang_session={citizen_token}")
    assert AccountState.load_account.fn(state) is None
    assert state.logged_in and state.masked_phone == "138****5678"


@pytest.mark.parametrize("cookie", ["", "yiwang_session=forged-token", "yiwang_session=\"; broken"])
def test_no_or_forged_session_gets_nothing(citizen_token: str, cookie: str) -> None:
    state = _caller(cookie)
    redirect = AccountState.load_account.fn(state)
    assert redirect is not None
    assert not state.logged_in and state.masked_phone == ""


def test_staff_session_is_not_a_citizen(citizen_token: str) -> None:
    staff_token, _ = session_store().start("staff", "c-owner", "editor")
    state = _caller(f"yiwang_session={staff_token}")
    AccountState.load_account.fn(state)
    assert not state.logged_in


def test_logged_out_session_is_refused_everywhere(citizen_token: str) -> None:
    state = _caller(f"yiwang_session={citizen_token}")
    AccountState.logout.fn(state)
    assert session_store().resolve(citizen_token) is None
    assert AccountState.extend_session.fn(_caller(f"yiwang_session={citizen_token}")) is not None
