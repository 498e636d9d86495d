"""Real-name binding against the population register, with every refusal explained."""

import pytest
from sqlmodel import Session

from core.identity.citizens import Citizens, RealNameError, mask_phone
from core.identity.records import CitizenRecord
from core.testing.factories import make_id_number
from core.testing.fakes import FakePopulationRegister

ZHANG = make_id_number("410402", "19850612", "031")
WANG = make_id_number("410411", "19700101", "042")


@pytest.fixture
def register() -> FakePopulationRegister:
    return FakePopulationRegister(people={ZHANG: "张三", WANG: "王五"}, deceased={WANG})


@pytest.fixture
def people(engine, register, audit, clock) -> Citizens:
    with Session(engine) as session:
        session.add_all(
            [CitizenRecord(id="c1", phone="13812345678"), CitizenRecord(id="c2", phone="13900000000")]
        )
        session.commit()
    return Citizens(engine, register, audit, clock)


def test_binding_stores_the_name_and_shows_the_number_masked(people) -> None:
    profile = people.bind_real_name("c1", "张三", ZHANG.lower() + " ")
    assert profile.is_real_name_verified and profile.name == "张三"
    assert profile.masked_id_number != ZHANG and "19850612" not in profile.masked_id_number
    assert profile.masked_phone == "138****5678"


@pytest.mark.parametrize(
    ("name", "number", "code"),
    [
        ("李四", ZHANG, "mismatch"),
        ("张三", make_id_number("410402", "19850612", "999"), "not_found"),
        ("王五", WANG, "deceased"),
        ("张三", ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1"), "check_digit"),
        ("张三", ZHANG[:17], "length"),
        ("张三", "410402199002301234", "birth_date"),
        ("张", ZHANG, "name"),
    ],
)
def test_refusals_say_why(people, name: str, number: str, code: str) -> None:
    with pytest.raises(RealNameError) as refused:
        people.bind_real_name("c1", name, number)
    assert refused.value.code == code
    assert not people.profile("c1").is_real_name_verified


def test_register_down_loses_nothing(people, register) -> None:
    register.down = True
    with pytest.raises(RealNameError, match="unavailable"):
        people.bind_real_name("c1", "张三", ZHANG)
    register.down = False
    assert people.bind_real_name("c1", "张三", ZHANG).is_real_name_verified


def test_one_id_number_binds_one_account(people) -> None:
    people.bind_real_name("c1", "张三", ZHANG)
    with pytest.raises(RealNameError, match="already_bound"):
        people.bind_real_name("c2", "张三", ZHANG)


def test_audit_holds_no_id_number(people, audit) -> None:
    people.bind_real_name("c1", "张三", ZHANG)
    assert ZHANG not in repr([e.model_dump() for e in audit.events("realname")])


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("123") == "****"
