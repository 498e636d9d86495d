"""Phone + SMS code login: guessing, reuse, expiry and flooding are refused."""

import pytest

from core.identity.login import CitizenLogin, LoginError, normalise_phone
from core.identity.records import OtpChallenge

PHONE = "13812345678"


@pytest.fixture
def login(engine, sms, audit, clock) -> CitizenLogin:
    return CitizenLogin(engine, sms, audit, clock)


def test_code_logs_in_once_and_creates_the_citizen(login, sms) -> None:
    login.request_code(PHONE, client="1.2.3.4")
    code = sms.last_code(PHONE)
    assert len(code) == 6 and code.isdigit()
    first = login.verify_code(PHONE, code, client="1.2.3.4")
    assert first.is_new
    with pytest.raises(LoginError, match="invalid_code"):
        login.verify_code(PHONE, code, client="1.2.3.4")


def test_same_citizen_on_the_next_login(login, sms, clock) -> None:
    login.request_code(PHONE, client="a")
    first = login.verify_code(PHONE, sms.last_code(PHONE), client="a")
    clock.advance(minutes=2)
    login.request_code(PHONE, client="a")
    second = login.verify_code(PHONE, sms.last_code(PHONE), client="a")
    assert second.citizen_id == first.citizen_id and not second.is_new


def test_expired_code_is_refused(login, sms, clock) -> None:
    login.request_code(PHONE, client="a")
    clock.advance(minutes=5, seconds=1)
    with pytest.raises(LoginError, match="expired_code"):
        login.verify_code(PHONE, sms.last_code(PHONE), client="a")


def test_guessing_burns_the_code_after_five_tries(login, sms) -> None:
    login.request_code(PHONE, client="a")
    right = sms.last_code(PHONE)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(4):
        with pytest.raises(LoginError, match="invalid_code"):
            login.verify_code(PHONE, wrong, client="a")
    with pytest.raises(LoginError, match="too_many_attempts"):
        login.verify_code(PHONE, wrong, client="a")
    with pytest.raises(LoginError, match="invalid_code"):
        login.verify_code(PHONE, right, client="a")


def test_resending_within_a_minute_is_refused(login, clock) -> None:
    login.request_code(PHONE, client="a")
    with pytest.raises(LoginError, match="too_many_requests") as refused:
        login.request_code(PHONE, client="a")
    assert 0 < refused.value.retry_after <= 60
    clock.advance(seconds=61)
    login.request_code(PHONE, client="a")


def test_flooding_one_phone_is_capped_per_hour(login, clock) -> None:
    for _ in range(5):
        login.request_code(PHONE, client="a")
        clock.advance(seconds=61)
    with pytest.raises(LoginError, match="too_many_requests"):
        login.request_code(PHONE, client="b")


def test_flooding_from_one_client_is_capped(login, clock) -> None:
    for n in range(20):
        login.request_code(f"139000000{n:02d}", client="flooder")
    with pytest.raises(LoginError, match="too_many_requests"):
        login.request_code("13700000000", client="flooder")
    login.request_code("13700000000", client="someone-else")


def test_known_and_unknown_numbers_get_the_same_answer(login, sms) -> None:
    login.request_code(PHONE, client="a")
    login.verify_code(PHONE, sms.last_code(PHONE), client="a")
    assert login.request_code("13912345678", client="b") is None
    assert login.request_code("13800000001", client="c") is None


@pytest.mark.parametrize("raw", ["12345", "23812345678", "138123456789", "1381234567x", ""])
def test_invalid_phone_numbers(raw: str) -> None:
    with pytest.raises(LoginError, match="invalid_phone"):
        normalise_phone(raw)


def test_phone_normalisation() -> None:
    assert normalise_phone("+86 138-1234-5678") == PHONE


def test_sms_down_says_so_and_stores_nothing(login, sms, engine) -> None:
    from sqlmodel import Session, select

    sms.down = True
    with pytest.raises(LoginError, match="sms_unavailable"):
        login.request_code(PHONE, client="a")
    with Session(engine) as session:
        assert session.exec(select(OtpChallenge)).all() == []


def test_audit_never_holds_the_phone_or_the_code(login, sms, audit) -> None:
    login.request_code(PHONE, client="a")
    code = sms.last_code(PHONE)
    login.verify_code(PHONE, code, client="a")
    events = audit.events("login.")
    assert {e.action for e in events} == {"login.otp.send", "login.otp.verify"}
    dumped = repr([e.model_dump() for e in events])
    assert PHONE not in dumped and code not in dumped
