"""Rate limits are settings (YIWANG_LIMIT_*): the sized defaults, a clear refusal of a bad
value naming its variable, and a configured value is the one the login services enforce."""

from dataclasses import fields

import pytest

from core.audit import AuditLog
from core.identity.login import CitizenLogin, LoginError
from core.identity.staff import StaffAccounts, StaffAuthError
from core.settings import RateLimits, Settings, SettingsError
from core.testing.fakes import RecordingSms, SettableClock
from yiwang.cli import main

VARIABLES = [RateLimits.variable(limit.name) for limit in fields(RateLimits)]


def test_the_defaults_are_the_values_the_platform_was_sized_with() -> None:
    limits = Settings.from_env({}).limits
    assert (limits.sms_per_phone_minute, limits.sms_per_phone_hour, limits.sms_per_client_hour) == (1, 5, 20)
    assert (limits.mobile_per_client_minute, limits.mobile_per_token_minute) == (240, 120)
    assert (limits.staff_failures_per_account, limits.staff_failures_per_client) == (5, 20)
    assert (limits.code_attempts, limits.code_failures_per_client_hour) == (5, 30)


def test_every_limit_is_read_from_its_variable() -> None:
    limits = Settings.from_env({name: str(n + 2) for n, name in enumerate(VARIABLES)}).limits
    assert [getattr(limits, limit.name) for limit in fields(RateLimits)] == list(range(2, len(VARIABLES) + 2))
    assert "YIWANG_LIMIT_SMS_PER_PHONE_HOUR" in VARIABLES


@pytest.mark.parametrize("raw", ["0", "-3", "ten", "2.5", "²"])
def test_a_limit_that_is_not_a_positive_whole_number_is_refused_by_name(raw: str) -> None:
    with pytest.raises(SettingsError, match=f"YIWANG_LIMIT_STAFF_FAILURES_PER_CLIENT.*{raw!r}"):
        Settings.from_env({"YIWANG_LIMIT_STAFF_FAILURES_PER_CLIENT": raw})


def test_the_cli_refuses_to_start_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("YIWANG_LIMIT_MOBILE_PER_TOKEN_MINUTE", "0")
    get_settings.cache_clear()
    try:
        assert main(["search", "身份证"]) == 2
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert "YIWANG_LIMIT_MOBILE_PER_TOKEN_MINUTE must be a positive whole number" in capsys.readouterr().err


def test_a_configured_sms_limit_is_enforced(engine, audit, clock: SettableClock) -> None:
    login = CitizenLogin(engine, RecordingSms(), audit, clock, limits=RateLimits(sms_per_client_hour=2))
    login.request_code("13900000001", client="flooder")
    login.request_code("13900000002", client="flooder")
    with pytest.raises(LoginError, match="too_many_requests"):
        login.request_code("13900000003", client="flooder")


def test_a_configured_code_attempt_limit_is_enforced(engine, audit, clock: SettableClock) -> None:
    sms = RecordingSms()
    login = CitizenLogin(engine, sms, audit, clock, limits=RateLimits(code_attempts=2))
    login.request_code("13900000001", client="a")
    wrong = f"{(int(sms.last_code('13900000001')) + 1) % 1_000_000:06d}"
    with pytest.raises(LoginError, match="invalid_code"):
        login.verify_code("13900000001", wrong, client="a")
    with pytest.raises(LoginError, match="too_many_attempts"):
        login.verify_code("13900000001", wrong, client="a")


def test_a_configured_staff_lockout_is_enforced(engine, audit: AuditLog, clock: SettableClock) -> None:
    accounts = StaffAccounts(engine, audit, clock, limits=RateLimits(staff_failures_per_account=2))
    accounts.create("li.editor", "李编辑", "a-long-password-1", ["editor"])
    for _ in range(2):
        with pytest.raises(StaffAuthError, match="invalid_credentials"):
            accounts.authenticate("li.editor", "wrong-password-x", "000000")
    with pytest.raises(StaffAuthError, match="locked"):
        accounts.authenticate("li.editor", "a-long-password-1", "000000")
