"""ID card records from a reader: validated by the one ID-number validator, shown masked."""

from __future__ import annotations

from datetime import date

import pytest

from core.identity.id_card import IdCard, IdCardError
from core.testing.factories import make_id_number

NUMBER = make_id_number("410402", "19900307", "123")  # 17th digit 3: odd, a man


def _record(**changes: object) -> dict:
    record = {
        "name": "王建国",
        "sex": "男",
        "ethnicity": "汉",
        "birth_date": "1990-03-07",
        "address": "河南省平顶山市新华区建设路1号",
        "id_number": NUMBER,
        "issuer": "平顶山市公安局新华分局",
        "valid_from": "2016-05-01",
        "valid_until": "2036-05-01",
        "photo_jpeg": "",
    }
    record.update(changes)
    return record


def test_round_trip_keeps_every_field() -> None:
    card = IdCard.from_record(_record(photo_jpeg="/9j/AA=="))
    assert IdCard.from_record(card.to_record()) == card
    assert card.photo_jpeg == b"\xff\xd8\xff\x00"


def test_masked_forms_hide_the_number_and_the_given_name() -> None:
    card = IdCard.from_record(_record())
    assert card.masked_number == NUMBER[:3] + "*" * 11 + NUMBER[-4:]
    assert card.masked_name == "王*国"
    assert IdCard.from_record(_record(name="李四")).masked_name == "李*"


def test_lifelong_card_is_valid_for_ever() -> None:
    card = IdCard.from_record(_record(valid_until="长期"))
    assert card.valid_until is None
    assert card.is_valid_on(date(2099, 1, 1))
    assert card.to_record()["valid_until"] == "长期"


def test_expired_card_is_not_valid() -> None:
    card = IdCard.from_record(_record(valid_until="2020-01-01", valid_from="2010-01-01"))
    assert not card.is_valid_on(date(2026, 11, 28))
    assert card.is_valid_on(date(2019, 12, 31))


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"id_number": NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")}, "bad_id_number"),
        ({"id_number": "12345"}, "bad_id_number"),
        ({"name": ""}, "bad_record"),
        ({"birth_date": "1990-03-08"}, "bad_record"),
        ({"sex": "女"}, "bad_record"),
        ({"sex": "X"}, "bad_record"),
        ({"valid_from": "2037-01-01"}, "bad_record"),
        ({"valid_until": "soon"}, "bad_record"),
        ({"photo_jpeg": "not base64!"}, "bad_record"),
    ],
)
def test_bad_records_are_refused_with_a_code(changes: dict, code: str) -> None:
    with pytest.raises(IdCardError) as refused:
        IdCard.from_record(_record(**changes))
    assert refused.value.code == code
    assert NUMBER not in str(refused.value)


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(IdCardError) as refused:
        IdCard.from_record(["王建国"])
    assert refused.value.code == "bad_record"
