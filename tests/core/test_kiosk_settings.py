"""YIWANG_KIOSK_IDLE_SECONDS may only shorten the kiosk's 90-second idle wipe."""

import pytest

from core.settings import Settings, SettingsError


def test_the_kiosk_wipes_after_90_seconds_by_default() -> None:
    assert Settings.from_env({}).kiosk_idle_seconds == 90


def test_tests_can_shorten_the_idle_time() -> None:
    assert Settings.from_env({"YIWANG_KIOSK_IDLE_SECONDS": "12"}).kiosk_idle_seconds == 12


@pytest.mark.parametrize("raw", ["91", "600", "4", "0"])
def test_an_idle_time_outside_5_to_90_seconds_is_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match="YIWANG_KIOSK_IDLE_SECONDS"):
        Settings.from_env({"YIWANG_KIOSK_IDLE_SECONDS": raw})


@pytest.mark.parametrize("raw", ["ten", "-5", "1.5"])
def test_an_idle_time_that_is_not_a_whole_number_is_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match="whole number"):
        Settings.from_env({"YIWANG_KIOSK_IDLE_SECONDS": raw})
