"""18-digit resident ID numbers: every error code, normalisation, masking, and the check digit.

The check character is computed here by an independent ISO 7064 MOD 11-2 implementation
(weights derived as powers of 2 mod 11), so a wrong table in the module cannot hide.
"""

from __future__ import annotations

import doctest
import pickle
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.identity import id_numbers, regions
from core.identity.id_numbers import (
    ERROR_CODES,
    IdNumberError,
    IdNumberFacts,
    id_number_facts,
    is_valid_id_number,
    mask_id_number,
    normalise_id_number,
)
from core.identity.regions import PROVINCE_CODES, division_codes, division_name, read_division_codes

TODAY = id_numbers._today()


def reference_check(first_17: str) -> str:
    """ISO 7064 MOD 11-2 from its definition: sum of a_i * 2^(i-1) over positions counted from the right."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first_17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def make(first_17: str) -> str:
    return first_17 + reference_check(first_17)


# Pingdingshan, Henan: 新华区, 卫东区, 湛河区, 宝丰县.
XINHUA_MAN = make("41040219900307123")  # 410402199003071237, sequence 123 → odd → man
XINHUA_WOMAN = make("41040219900307100")  # 41040219900307100X
WEIDONG = make("41040319851120234")
ZHANHE_LEAP_DAY = make("41041120000229001")
BAOFENG = make("41042119700101456")


def error_code(raw: str) -> str:
    with pytest.raises(IdNumberError) as caught:
        normalise_id_number(raw)
    assert not is_valid_id_number(raw)
    return caught.value.code


# --- the examples and the data ------------------------------------------------------------


def test_examples_are_what_they_claim() -> None:
    assert XINHUA_MAN == "410402199003071237"
    assert XINHUA_WOMAN == "41040219900307100X"
    # The two worked examples printed in GB 11643-1999 itself.
    assert make("11010519491231002") == "11010519491231002X"
    assert make("44052418800101001") == "440524188001010014"


def test_pingdingshan_codes_are_known() -> None:
    assert [division_name(code) for code in ("410402", "410403", "410411", "410421")] == [
        "新华区",
        "卫东区",
        "湛河区",
        "宝丰县",
    ]


def test_division_data_spans_revisions_and_provinces() -> None:
    codes = division_codes()
    assert len(codes) > 7000
    assert {code[:2] for code in codes} == PROVINCE_CODES
    assert "412701" in codes  # 周口市 under 周口地区, retired in 2000: its people keep the code
    assert "110118" in codes  # 密云区, created 2015
    assert not {"990000", "710000", "810000", "820000", "830000"} & codes.keys()


def test_reading_malformed_division_data_fails_loudly(tmp_path: Path) -> None:
    good = tmp_path / "good.tsv"
    good.write_text("# comment\n\n410402\t新华区\n", encoding="utf-8")
    assert read_division_codes(good) == {"410402": "新华区"}
    for body in ("41040\t新华区\n", "410402 新华区\n", "990000\tx\n", "410402\ta\n410402\tb\n", "# empty\n"):
        bad = tmp_path / "bad.tsv"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(regions.RegionDataError):
            read_division_codes(bad)


def test_docstring_examples() -> None:
    result = doctest.testmod(id_numbers)
    assert result.attempted >= 6
    assert result.failed == 0


# --- valid numbers and normalisation ------------------------------------------------------


@pytest.mark.parametrize("number", [XINHUA_MAN, XINHUA_WOMAN, WEIDONG, ZHANHE_LEAP_DAY, BAOFENG])
def test_valid_numbers(number: str) -> None:
    assert normalise_id_number(number) == number
    assert is_valid_id_number(number)


@pytest.mark.parametrize(
    "raw",
    [
        "41040219900307100x",  # lower-case x
        "410402 19900307 100X",  # spaces as people paste them
        "410402-19900307-100X",  # hyphens
        "\t410402199003\n07100X  ",  # tabs, newline, trailing spaces
        "４１０４０２１９９００３０７１００ｘ",  # full-width digits and x
        "４１０４０２１９９００３０７１００Ｘ",  # full-width capital X
        "410402\u300019900307\u3000100X",  # ideographic space
        "\ufeff410402\u200b19900307\u00a0100X",  # BOM, zero-width space, no-break space
        "410402－19900307—100X",  # full-width hyphen, em dash
    ],
)
def test_normalisation(raw: str) -> None:
    assert normalise_id_number(raw) == XINHUA_WOMAN
    assert is_valid_id_number(raw)


def test_facts() -> None:
    assert id_number_facts(XINHUA_MAN) == IdNumberFacts("410402", date(1990, 3, 7), "M")
    assert id_number_facts(" 410402 19900307 100x") == IdNumberFacts("410402", date(1990, 3, 7), "F")
    assert id_number_facts(ZHANHE_LEAP_DAY).birth_date == date(2000, 2, 29)
    with pytest.raises(IdNumberError):
        id_number_facts(XINHUA_MAN[:-1] + "0")


def test_born_today_is_accepted_tomorrow_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(id_numbers, "_today", lambda: date(2024, 6, 1))
    assert is_valid_id_number(make("41040220240601001"))
    assert error_code(make("41040220240602001")) == "future_birth"


def test_tomorrow_in_beijing_is_a_future_birth() -> None:
    # Read "today" when the test runs, not at collection: a run may cross midnight in Beijing.
    tomorrow = id_numbers._today() + timedelta(days=1)
    assert error_code(make(f"410402{tomorrow:%Y%m%d}123")) == "future_birth"


def test_earliest_birth_date() -> None:
    assert is_valid_id_number(make("41040219000101001"))
    assert error_code(make("41040218991231001")) == "birth_date"
    assert error_code("440524188001010014") == "birth_date"  # GB 11643's own example, born 1880


# --- every error code ---------------------------------------------------------------------


ERROR_CASES = [
    (XINHUA_MAN[:-1] + "8", "check_digit"),  # wrong check digit
    (XINHUA_WOMAN[:-1] + "0", "check_digit"),  # X expected
    (XINHUA_MAN[:-1] + "X", "check_digit"),  # X where a digit is expected
    (make("41040219900230123"), "birth_date"),  # 30 February, check digit right
    (make("41040219901301123"), "birth_date"),  # month 13
    (make("41040219900100123"), "birth_date"),  # day 0
    (make("41040219010229123"), "birth_date"),  # 1901 is not a leap year
    (make("41040229991231123"), "future_birth"),
    (XINHUA_MAN[:17], "length"),  # 17 characters
    (XINHUA_MAN + "1", "length"),  # 19 characters
    ("", "length"),
    (" - ", "length"),
    (make("99000019900307123"), "region"),  # no such province
    (make("71000019900307123"), "region"),  # Taiwan: no resident ID numbers
    (make("41049919900307123"), "region"),  # right province, no such division
    ("4104021990O3071237", "characters"),  # letter O for a zero
    ("410402199003A71237", "characters"),  # letter in the middle
    ("41040219900X071237", "characters"),  # X not at the end
    ("410402.19900307.1237", "characters"),  # dots are not separators
    ("٤١٠٤٠٢١٩٩٠٠٣٠٧١٢٣٧", "characters"),  # Arabic-Indic digits are not digits here
    ("四一〇四〇二一九九〇〇三〇七一二三七", "characters"),
]


@pytest.mark.parametrize(("raw", "code"), ERROR_CASES)
def test_error_codes(raw: str, code: str) -> None:
    assert error_code(raw) == code


def test_every_error_code_has_a_case() -> None:
    assert set(ERROR_CODES) == {"length", "characters", "region", "birth_date", "future_birth", "check_digit"}
    assert {code for _, code in ERROR_CASES} == set(ERROR_CODES)


def test_fifteen_digit_numbers_are_refused_with_a_reason() -> None:
    with pytest.raises(IdNumberError) as caught:
        normalise_id_number("410402900307123")
    assert caught.value.code == "length"
    assert "18-digit" in str(caught.value)
    assert "only" in str(caught.value).lower()


def test_errors_never_repeat_the_number() -> None:
    for raw in (XINHUA_MAN[:-1] + "8", make("41040219900230123"), make("99000019900307123"), XINHUA_MAN[:17]):
        with pytest.raises(IdNumberError) as caught:
            normalise_id_number(raw)
        message = str(caught.value)
        assert raw[:6] not in message and raw[6:14] not in message


def test_error_is_a_value_error_and_survives_pickling() -> None:
    with pytest.raises(ValueError) as caught:
        normalise_id_number(XINHUA_MAN[:-1] + "8")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.code, str(copy)) == ("check_digit", str(caught.value))


def test_non_text() -> None:
    with pytest.raises(TypeError):
        normalise_id_number(410402199003071237)  # type: ignore[arg-type]
    assert not is_valid_id_number(None)  # type: ignore[arg-type]
    assert mask_id_number(None) == ""  # type: ignore[arg-type]


# --- the check digit ----------------------------------------------------------------------


def test_module_weights_are_iso_7064_mod_11_2() -> None:
    weights = tuple(pow(2, 17 - i, 11) for i in range(17))
    assert weights == id_numbers._WEIGHTS


def test_mod_11_2_catches_every_single_digit_error_exhaustively() -> None:
    # Changing digit i by d shifts the weighted sum by w_i * d; 11 is prime, 0 < w_i < 11 and
    # 0 < |d| <= 9, so the sum mod 11 always moves and the check character always changes.
    for weight in id_numbers._WEIGHTS:
        for delta in range(1, 10):
            assert (weight * delta) % 11 != 0


regions_codes = st.sampled_from(sorted(division_codes()))
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    return make(f"{draw(regions_codes)}{draw(birth_dates):%Y%m%d}{draw(sequences):03d}")


@given(valid_numbers())
def test_generated_numbers_are_valid_and_round_trip(number: str) -> None:
    assert normalise_id_number(number) == number
    assert normalise_id_number(number.lower()) == number
    spaced = f" {number[:6]} {number[6:14]}-{number[14:]}\t".replace("X", "ｘ")
    assert normalise_id_number(spaced) == number
    facts = id_number_facts(spaced)
    assert facts.region_code == number[:6]
    assert f"{facts.birth_date:%Y%m%d}" == number[6:14]
    assert facts.sex == ("M" if int(number[16]) % 2 else "F")


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_any_single_character_change_is_refused(number: str, position: int, shift: int) -> None:
    alphabet = "0123456789X" if position == 17 else "0123456789"
    step = 1 + (shift - 1) % (len(alphabet) - 1)  # 1..9 for a digit, 1..10 for the check character
    changed_char = alphabet[(alphabet.index(number[position]) + step) % len(alphabet)]
    assert changed_char != number[position]
    changed = number[:position] + changed_char + number[position + 1 :]
    assert not is_valid_id_number(changed)
    assert reference_check(changed[:17]) != changed[17]  # the check digit alone catches it
    if position >= 14:  # region and date untouched: only the check digit can say no
        assert error_code(changed) == "check_digit"


# --- masking ------------------------------------------------------------------------------


def test_mask_examples() -> None:
    assert mask_id_number(XINHUA_WOMAN) == "410***********100X"
    assert mask_id_number("410402 19900307 100x") == "410***********100X"
    assert mask_id_number(XINHUA_MAN[:-1] + "8") == "410***********1238"  # invalid, masked the same way
    assert mask_id_number("410402900307123") == "*" * 15  # 15-digit: the tail is part of the date
    assert mask_id_number(XINHUA_MAN[:17]) == "*" * 17
    assert mask_id_number("") == ""
    assert mask_id_number("x" * 1000) == "*" * 18


@given(valid_numbers(), st.lists(st.sampled_from([" ", "-", "\t", "\u3000"]), max_size=5))
def test_mask_never_shows_the_birth_date(number: str, noise: list[str]) -> None:
    pasted = "".join(noise) + number[:6] + "".join(noise) + number[6:]
    masked = mask_id_number(pasted)
    assert masked == number[:3] + "*" * 11 + number[-4:]
    assert number[6:14] not in masked


@given(st.text())
def test_mask_shows_at_most_seven_characters_of_any_text(text: str) -> None:
    masked = mask_id_number(text)
    shown = [i for i, char in enumerate(masked) if char != "*"]
    assert len(shown) <= 7
    assert len(masked) <= 18
    assert all(i < 3 or i >= len(masked) - 4 for i in shown)
    if len(masked) == 18:
        assert masked[3:14] == "*" * 11  # positions 7-14, the date of birth, always hidden
