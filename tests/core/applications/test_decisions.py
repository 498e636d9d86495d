"""秒批 rules: the condition vocabulary, its explanations, the loader's checks, and every shipped
rule set on real cases built from the sandbox e-licence library's fictional residents."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
import yaml

from core.applications.decisions import (
    DEFAULT_RULES_DIR,
    Rulebook,
    RulesFileError,
    evaluate,
    licence_facts,
    load_rulebook,
)
from core.applications.rules import Context, FieldInfo, Glossary, RuleSyntaxError, parse_condition
from core.guide.catalogue import Catalogue
from core.guide.models import Flag
from core.integrations.elicence import LicenceRecord
from core.sandbox.elicence_library import load_licences

TODAY = date(2026, 11, 28)
PINGDINGSHAN = ["410402", "410403", "410404", "410411", "410421", "410422", "410423", "410425", "410481"]
# Fictional residents of data/sandbox (population.yaml, elicences.yaml)
ZHANG_JIANGUO = "410402196503120134"  # 61, owns a home, married to 李秀英
YANG_LIJUAN = "41041119951003068X"  # married to 周海涛 in 2021, a baby in 2026
ZHOU_HAITAO = "410422198508300913"
CHEN_XIAOMING = "410411199006200571"  # single, rents
HU_ZHIGANG = "41048119831111157X"
GUO_JING = "410481200107151689"
XU_HONGWEI = "410423197009091135"
WU_CHUNYAN = "410422199204171029"  # hukou moved away
LI_MING = "420106199005122318"  # registered in 武汉, valid 居住证
CHEN_FANG = "420102198803201248"  # 居住证 suspended
ELDER = "410402194008150126"  # a made-up 86-year-old (valid check digit), not in the sandbox


@pytest.fixture(scope="module")
def rulebook(seed_catalogue: Catalogue) -> Rulebook:
    return load_rulebook(DEFAULT_RULES_DIR, seed_catalogue)


STORED = load_licences()


def licences_of(id_number: str, *types: str) -> dict:
    """Facts as the platform gathers them: the sandbox licences of `types` this number may fetch."""
    records = [
        LicenceRecord.from_json(stored.to_json(TODAY))
        for stored in STORED
        if stored.licence_type in types
        and (stored.holder_id_number == id_number or id_number in stored.also_for)
    ]
    return licence_facts(records, types)


def check(
    condition: dict, answers: dict | None = None, facts: dict | None = None, glossary: Glossary | None = None
):
    ctx = Context(answers or {}, facts or {}, TODAY, glossary or Glossary())
    return parse_condition(condition).evaluate(ctx)


def texts(results: Iterable) -> str:
    return "\n".join(f"{r.explanation_zh}\n{r.explanation_en}" for r in results)


# ---------------------------------------------------------------------------------------------
# The vocabulary


@pytest.mark.parametrize(
    ("op", "value", "actual", "expected"),
    [
        ("eq", 3, 3, True),
        ("eq", "410402", 410402, True),  # a number and a numeric string are the same
        ("eq", True, 1, False),  # a boolean is never a number
        ("ne", "normal", "sealed", True),
        ("ne", "normal", "normal", False),
        ("gt", 3, 4, True),
        ("gt", 3, 3, False),
        ("ge", 3, 3, True),
        ("ge", 3, "2", False),  # form answers may be numeric strings
        ("lt", 1200, 1199.5, True),
        ("lt", 1200, 1200, False),
        ("le", 1200, 1200, True),
        ("le", 1200, 1201, False),
        ("ge", date(2026, 1, 1), "2026-03-01", True),  # dates compare as dates
        ("lt", date(2026, 1, 1), "2026-03-01", False),
    ],
)
def test_comparisons(op: str, value, actual, expected: bool) -> None:
    verdict = check({op: {"field": "answers.x", "value": value}}, {"x": actual})
    assert verdict.value is expected


def test_comparison_with_another_field() -> None:
    condition = {"le": {"field": "answers.rent", "other_field": "facts.fund.limit"}}
    assert check(condition, {"rent": 900}, {"fund": {"limit": 1200}}).value is True
    verdict = check(condition, {"rent": 1500}, {"fund": {"limit": 1200}})
    assert verdict.value is False
    assert verdict.zh == "answers.rent：1500（要求不超过 facts.fund.limit（1200））"


def test_incomparable_values_are_unknown() -> None:
    assert check({"gt": {"field": "answers.x", "value": 3}}, {"x": "many"}).value is None


@pytest.mark.parametrize(
    ("op", "actual", "expected"),
    [
        ("in", "410402", True),
        ("in", "420106", False),
        ("not_in", "420106", True),
        ("not_in", "410402", False),
    ],
)
def test_membership(op: str, actual: str, expected: bool) -> None:
    condition = {op: {"field": "facts.hukou.region", "values": PINGDINGSHAN}}
    assert check(condition, facts={"hukou": {"region": actual}}).value is expected


def test_membership_explanation_lists_a_few_values() -> None:
    verdict = check({"in": {"field": "answers.code", "values": PINGDINGSHAN}}, {"code": "420106"})
    assert (
        verdict.zh
        == "answers.code：420106（要求为以下之一：410402、410403、410404、410411、410421、410422 等 9 项）"
    )
    assert verdict.en.endswith("(required: one of 410402, 410403, 410404, 410411, 410421, 410422 and 3 more)")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [({"x": "6222"}, True), ({"x": ""}, False), ({"x": None}, False), ({"x": []}, False), ({}, False)],
)
def test_exists(answers: dict, expected: bool) -> None:
    verdict = check({"exists": "answers.x"}, answers)
    assert verdict.value is expected
    assert verdict.zh == f"answers.x：{'已取得' if expected else '未取得'}"


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2020, 8, 14), False), (date(2020, 8, 15), True), (date(2021, 8, 14), True)],
)
def test_age_at_least_counts_whole_years(today: date, expected: bool) -> None:
    ctx = Context({"id": ELDER}, {}, today)
    assert (
        parse_condition({"age_at_least": {"field": "answers.id", "years": 80}}).evaluate(ctx).value
        is expected
    )


def test_age_at_least_never_writes_the_id_number_or_birth_date() -> None:
    verdict = check(
        {"age_at_least": {"field": "answers.applicant_id_number", "years": 80}},
        {"applicant_id_number": ELDER},
    )
    assert verdict.value is True
    assert verdict.zh == "按 answers.applicant_id_number 计算，已满 80 周岁"
    for secret in (ELDER, "1940", "86"):
        assert secret not in verdict.zh + verdict.en


@pytest.mark.parametrize("number", ["410402194008150127", "not a number", 410402194008150126])
def test_age_at_least_of_an_unreadable_number_is_unknown(number) -> None:
    verdict = check({"age_at_least": {"field": "answers.id", "years": 80}}, {"id": number})
    assert verdict.value is None
    assert "无法从" in verdict.zh


@pytest.mark.parametrize(
    ("when", "direction", "expected"),
    [
        ("2026-10-01", "past", True),
        ("2026-09-28", "past", True),  # the window is inclusive: today - 61 days
        ("2026-09-27", "past", False),
        ("2026-12-01", "past", False),
        ("2026-12-20", "future", True),
        ("2026-11-01", "future", False),
        ("2027-01-29", "future", False),
    ],
)
def test_date_within_days(when: str, direction: str, expected: bool) -> None:
    condition = {"date_within_days": {"field": "facts.si.left_on", "days": 61, "direction": direction}}
    assert check(condition, facts={"si": {"left_on": when}}).value is expected


def test_date_within_days_explains_the_window() -> None:
    condition = {"date_within_days": {"field": "facts.si.left_on", "days": 60}}
    verdict = check(condition, facts={"si": {"left_on": date(2026, 6, 1)}})
    assert verdict.value is False
    assert verdict.zh == "facts.si.left_on：2026-06-01（要求在 2026-09-29 至 2026-11-28 之间）"
    assert verdict.en == "facts.si.left_on: 2026-06-01 (required: between 2026-09-29 and 2026-11-28)"
    assert check(condition, facts={"si": {"left_on": "yesterday"}}).value is None


def test_all_any_not_use_three_valued_logic() -> None:
    yes, no, unknown = (
        {"eq": {"field": "answers.a", "value": 1}},
        {"eq": {"field": "answers.a", "value": 2}},
        {"eq": {"field": "answers.missing", "value": 1}},
    )
    answers = {"a": 1}
    assert check({"all": [yes, yes]}, answers).value is True
    assert check({"all": [yes, no]}, answers).value is False
    assert check({"all": [yes, unknown]}, answers).value is None
    assert check({"all": [no, unknown]}, answers).value is False
    assert check({"any": [no, yes]}, answers).value is True
    assert check({"any": [unknown, yes]}, answers).value is True
    assert check({"any": [no, unknown]}, answers).value is None
    assert check({"any": [no, no]}, answers).value is False
    assert check({"not": no}, answers).value is True
    assert check({"not": yes}, answers).value is False
    assert check({"not": unknown}, answers).value is None  # no evidence is never a pass
    assert check({"not": {"all": [yes, no]}}, answers).value is True
    assert check({"not": {"any": [yes, no]}}, answers).value is False
    assert check({"not": {"exists": "answers.missing"}}, answers).value is True


def test_explanations_cite_what_decided() -> None:
    glossary = Glossary(
        {
            "facts.fund.months": FieldInfo("连续缴存月数", "months of contributions"),
            "facts.fund.status": FieldInfo(
                "账户状态", "account status", values={"sealed": ("封存", "sealed")}
            ),
        }
    )
    facts = {"fund": {"months": 2, "status": "sealed"}}
    months = {"ge": {"field": "facts.fund.months", "value": 3}}
    status = {"eq": {"field": "facts.fund.status", "value": "normal"}}
    verdict = check({"all": [months, status]}, facts=facts, glossary=glossary)
    assert verdict.zh == "连续缴存月数：2（要求不少于 3）；账户状态：封存（要求为 normal）"
    assert (
        verdict.en
        == "months of contributions: 2 (required: at least 3); account status: sealed (required: normal)"
    )
    failing_any = check({"any": [months, status]}, facts=facts, glossary=glossary)
    assert failing_any.zh.startswith("以下均不满足：连续缴存月数：2")
    negated = check({"not": months}, facts=facts, glossary=glossary)
    assert negated.value is True and negated.zh == "连续缴存月数：2（要求小于 3）"


def test_personal_values_are_never_written() -> None:
    answers = {"applicant_id_number": ZHANG_JIANGUO, "holder_name": "张建国"}
    facts = {"elicence": {"结婚证": {"holder_id_number": YANG_LIJUAN}}}
    same = {
        "eq": {
            "field": "answers.applicant_id_number",
            "other_field": "facts.elicence.结婚证.holder_id_number",
        }
    }
    verdict = check(same, answers, facts)
    assert verdict.value is False
    assert verdict.zh == "answers.applicant_id_number 与 facts.elicence.结婚证.holder_id_number 不一致"
    named = check({"eq": {"field": "answers.holder_name", "value": "李秀英"}}, answers)
    assert named.zh == "answers.holder_name 不符合要求（个人信息，不显示）"
    flagged = Glossary({"answers.secret": FieldInfo("秘密", "secret", personal=True)})
    hidden = check({"le": {"field": "answers.secret", "value": 7}}, {"secret": 5}, glossary=flagged)
    assert hidden.value is True and "5" not in hidden.zh + hidden.en and "7" not in hidden.zh + hidden.en
    for text in (verdict.zh, verdict.en, named.zh, named.en):
        for secret in (ZHANG_JIANGUO, YANG_LIJUAN, "张建国", "李秀英"):
            assert secret not in text


def test_glossary_patterns_and_values() -> None:
    glossary = Glossary(
        {
            "facts.elicence.*.status": FieldInfo(
                "{1}状态", "status of the {1}", values={"suspended": ("暂停使用", "suspended")}
            )
        },
        names_en={"居住证": "residence permit"},
    )
    facts = {"elicence": {"居住证": {"status": "suspended"}}}
    verdict = check(
        {"eq": {"field": "facts.elicence.居住证.status", "value": "valid"}}, facts=facts, glossary=glossary
    )
    assert verdict.zh == "居住证状态：暂停使用（要求为 valid）"
    assert verdict.en == "status of the residence permit: suspended (required: valid)"


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"gte": {"field": "answers.x", "value": 1}}, "unknown operator 'gte'"),
        (
            {"eq": {"field": "answers.x", "value": 1}, "ne": {"field": "answers.x", "value": 2}},
            "exactly one operator",
        ),
        ({"eq": {"field": "x", "value": 1}}, "must start with answers. or facts."),
        ({"eq": {"field": "answers.", "value": 1}}, "must start with answers. or facts."),
        ({"eq": {"field": "answers.x"}}, "either value or other_field"),
        (
            {"eq": {"field": "answers.x", "value": 1, "other_field": "answers.y"}},
            "either value or other_field",
        ),
        ({"eq": {"field": "answers.x", "value": [1]}}, "value must be"),
        ({"eq": {"field": "answers.x", "valeu": 1}}, "does not take valeu"),
        ({"gt": {"field": "answers.x", "value": "three"}}, "compares numbers or dates"),
        ({"in": {"field": "answers.x", "values": []}}, "non-empty list"),
        ({"in": {"field": "answers.x", "values": "410402"}}, "non-empty list"),
        ({"age_at_least": {"field": "answers.x", "years": "80"}}, "whole number"),
        ({"date_within_days": {"field": "answers.x", "days": 30, "direction": "later"}}, "past or future"),
        ({"all": []}, "non-empty list of conditions"),
        ({"not": {"any": [{"exists": "answers.x"}, {"maybe": 1}]}}, "condition.not.any[1]: unknown operator"),
        ({"exists": 3}, "a field path is text"),
    ],
)
def test_parse_refuses_what_is_not_in_the_vocabulary(condition: dict, message: str) -> None:
    with pytest.raises(RuleSyntaxError, match=message.replace("[", r"\[").replace(".", r"\.")):
        parse_condition(condition)


# ---------------------------------------------------------------------------------------------
# The loader


def test_every_shipped_rules_file_loads(rulebook: Rulebook, seed_catalogue: Catalogue) -> None:
    files = sorted(p.stem for p in DEFAULT_RULES_DIR.glob("*.yaml") if not p.name.startswith("_"))
    assert rulebook.item_codes == tuple(files)
    assert len(rulebook) >= 5
    for code in rulebook.item_codes:
        assert seed_catalogue.item(code).has_flag(Flag.INSTANT)
        rule_set = rulebook.rule_set(code)
        assert rule_set is not None and rule_set.rules
        for rule in rule_set.rules:
            assert rule.description_zh and rule.description_en


def test_shipped_rules_use_every_operator(rulebook: Rulebook) -> None:
    raw = "\n".join(p.read_text(encoding="utf-8") for p in DEFAULT_RULES_DIR.glob("0*.yaml")) + "\n".join(
        p.read_text(encoding="utf-8") for p in DEFAULT_RULES_DIR.glob("2*.yaml")
    )
    for op in (
        "eq:",
        "ne:",
        "ge:",
        "le:",
        "in:",
        "exists:",
        "age_at_least:",
        "date_within_days:",
        "all:",
        "any:",
        "not:",
    ):
        assert op in raw, op


def _write(folder: Path, name: str, content: dict | str) -> Path:
    path = folder / name
    path.write_text(
        content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True), "utf-8"
    )
    return path


GOOD = {
    "item": "050040006000",
    "licences": ["居民户口簿"],
    "rules": [
        {
            "id": "age_80",
            "description": {"zh": "年满 80 周岁", "en": "80 or over"},
            "condition": {
                "age_at_least": {"field": "facts.elicence.居民户口簿.holder_id_number", "years": 80}
            },
        }
    ],
}


def _with(**changes) -> dict:
    return {**GOOD, **changes}


def _rule(**changes) -> dict:
    return _with(rules=[{**GOOD["rules"][0], **changes}])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "050040006000.yaml",
            _rule(condition={"gte": {"field": "answers.x", "value": 1}}),
            "unknown operator 'gte'",
        ),
        ("999999999999.yaml", _with(item="999999999999"), "unknown item code 999999999999"),
        ("200050001001.yaml", _with(item="200050001001"), "not flagged instant"),
        ("050040006001.yaml", GOOD, "must be named 050040006000.yaml"),
        ("050040006000.yaml", _with(item=50040006000), "item must be the item code in quotes"),
        ("050040006000.yaml", _with(scenarios=["nobody"]), "has no scenario nobody"),
        (
            "050040006000.yaml",
            _rule(scenarios=["nobody"]),
            "rule age_80: scenarios: item 050040006000 has no scenario",
        ),
        ("050040006000.yaml", _with(licences=["护照"]), "unknown licence types"),
        ("050040006000.yaml", _with(licences=[]), "reads a licence type not listed under licences"),
        (
            "050040006000.yaml",
            _rule(condition={"eq": {"field": "facts.civil_affairs.alive", "value": True}}),
            "reads fact source 'civil_affairs', not listed under sources",
        ),
        (
            "050040006000.yaml",
            _with(rules=[GOOD["rules"][0], GOOD["rules"][0]]),
            "rule id age_80 is used twice",
        ),
        ("050040006000.yaml", _rule(description={"zh": "年满 80 周岁"}), "description: needs zh and en"),
        ("050040006000.yaml", _rule(id="年龄"), "id must be a short ASCII name"),
        ("050040006000.yaml", _rule(when="always"), "unknown keys when"),
        ("050040006000.yaml", _with(rules=[]), "rules must be a non-empty list"),
        ("050040006000.yaml", _with(extra=1), "unknown keys extra"),
        ("050040006000.yaml", "item: [unclosed", "not valid YAML"),
        (
            "050040006000.yaml",
            _with(fields={"answers.x": {"zh": "甲", "en": "a", "personal": "yes"}}),
            "personal is true or false",
        ),
    ],
)
def test_loader_refuses_bad_files(
    tmp_path: Path, seed_catalogue: Catalogue, name: str, content: dict | str, message: str
) -> None:
    _write(tmp_path, name, content)
    with pytest.raises(RulesFileError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load_rulebook(tmp_path, seed_catalogue)


def test_loader_reads_shared_labels(tmp_path: Path, seed_catalogue: Catalogue) -> None:
    _write(tmp_path, "050040006000.yaml", GOOD)
    _write(
        tmp_path,
        "_fields.yaml",
        {"fields": {"facts.elicence.*.holder_id_number": {"zh": "{1}证号", "en": "{1} no."}}},
    )
    facts = {"elicence": {"居民户口簿": {"holder_id_number": ELDER}}}
    decision = load_rulebook(tmp_path, seed_catalogue).evaluate("050040006000", {}, facts, TODAY)
    assert decision.approved
    assert decision.results[0].explanation_zh == "通过：年满 80 周岁。按居民户口簿证号计算，已满 80 周岁"
    assert (
        decision.results[0].explanation_en == "Passed: 80 or over. By household register no.: aged 80 or over"
    )
    _write(tmp_path, "_fields.yaml", {"fields": {"facts.x": {"zh": "甲"}}})
    with pytest.raises(RulesFileError, match=r"_fields\.yaml: field facts\.x: needs zh and en"):
        load_rulebook(tmp_path, seed_catalogue)


# ---------------------------------------------------------------------------------------------
# Decisions


def test_an_item_without_rules_goes_to_a_person(rulebook: Rulebook) -> None:
    decision = rulebook.evaluate("200050001001", {}, {}, TODAY)  # 社会保障卡申领: no rules file
    assert decision.outcome == "to_department" and decision.reason == "no_rules" and decision.results == []


def test_a_scenario_outside_the_instant_ones_goes_to_a_person(rulebook: Rulebook) -> None:
    decision = rulebook.evaluate("200110002000", {"scenario": "remarried"}, {}, TODAY)
    assert decision.outcome == "to_department" and decision.reason == "scenario_not_instant"
    assert decision.results[0].explanation_zh == "未通过：办理情形「再婚家庭登记」不在秒批范围内，转人工审核"
    unknown = rulebook.evaluate("070060001000", {}, {}, TODAY)  # three scenarios, none chosen
    assert unknown.outcome == "to_department" and unknown.results[0].explanation_zh.startswith(
        "未通过：未选择办理情形"
    )
    wrong = rulebook.evaluate("070060001000", {}, {}, TODAY, scenario="tourist")
    assert wrong.outcome == "to_department" and "没有办理情形「tourist」" in wrong.results[0].explanation_zh


def test_a_rule_that_breaks_fails_safely(rulebook: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    rule_set = rulebook.rule_set("200060002000")
    assert rule_set is not None

    def boom(*_args, **_kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(type(rule_set.rules[0].condition), "evaluate", boom)
    decision = rulebook.evaluate("200060002000", {"scenario": "long_term"}, {}, TODAY)
    assert decision.outcome == "to_department"
    assert decision.results[0].explanation_zh.endswith("规则无法计算，转人工审核")


def test_module_evaluate_uses_the_shipped_rules() -> None:
    decision = evaluate("050040006000", {}, {}, TODAY)
    assert decision.outcome == "to_department" and {r.rule_id for r in decision.results} >= {
        "age_80",
        "alive",
    }


def test_licence_facts_prefers_a_valid_licence_and_counts_none() -> None:
    facts = licences_of(WU_CHUNYAN, "居民户口簿", "不动产权证书")
    assert facts["elicence"]["居民户口簿"]["status"] == "revoked"
    assert facts["elicence_count"] == {"居民户口簿": 0, "不动产权证书": 0}
    assert "不动产权证书" not in facts["elicence"]
    assert licences_of(ZHANG_JIANGUO, "不动产权证书")["elicence_count"] == {"不动产权证书": 1}


# 高龄津贴申领 -----------------------------------------------------------------------------------

CIVIL_AFFAIRS_OK = {"receiving_allowance": False, "survival_verified_on": "2026-09-01"}


def test_old_age_allowance_approved_for_an_80_year_old_local(rulebook: Rulebook) -> None:
    register = {
        "holder_id_number": ELDER,
        "status": "valid",
        "surface": {"region_code": "410402", "household_head": "王秀兰"},
    }
    facts = {
        "elicence": {"居民户口簿": register},
        "population": {"result": "match"},
        "civil_affairs": CIVIL_AFFAIRS_OK,
    }
    decision = rulebook.evaluate("050040006000", {"bank_account": "6217 0000 0000 0000"}, facts, TODAY)
    assert decision.approved, texts(decision.results)
    assert [r.rule_id for r in decision.results] == [
        "age_80",
        "local_hukou",
        "alive",
        "not_receiving",
        "proof_of_life",
        "bank_account",
    ]
    assert (
        decision.results[0].explanation_zh
        == "通过：老人年满 80 周岁。按居民户口簿持证人身份证号计算，已满 80 周岁"
    )
    assert ELDER not in texts(decision.results) and "6217" not in texts(decision.results)


def test_old_age_allowance_refused_for_a_61_year_old(rulebook: Rulebook) -> None:
    facts = {
        **licences_of(ZHANG_JIANGUO, "居民户口簿"),
        "population": {"result": "match"},
        "civil_affairs": CIVIL_AFFAIRS_OK,
    }
    decision = rulebook.evaluate("050040006000", {"bank_account": "6217"}, facts, TODAY)
    assert decision.outcome == "to_department" and decision.reason == "rule_failed"
    assert [r.rule_id for r in decision.failed] == ["age_80"]
    assert (
        decision.failed[0].explanation_zh
        == "未通过：老人年满 80 周岁。按居民户口簿持证人身份证号计算，未满 80 周岁"
    )
    assert decision.failed[0].explanation_en == (
        "Failed: The older person is 80 or over. By ID number of the household register holder: under 80"
    )
    assert ZHANG_JIANGUO not in texts(decision.results)


def test_old_age_allowance_refused_when_the_hukou_moved_away(rulebook: Rulebook) -> None:
    facts = {**licences_of(WU_CHUNYAN, "居民户口簿"), "population": {"result": "not_found"}}
    decision = rulebook.evaluate("050040006000", {}, facts, TODAY)
    failed = {r.rule_id: r for r in decision.failed}
    assert {"age_80", "local_hukou", "alive", "not_receiving", "proof_of_life", "bank_account"} == set(failed)
    assert "居民户口簿状态：已注销（要求为有效）" in failed["local_hukou"].explanation_zh
    assert "户籍人口库核验结果：查无此人或已注销户籍（要求为一致（在世））" in failed["alive"].explanation_zh
    assert failed["not_receiving"].explanation_zh.endswith("（信息不全，无法判断）")


# 生育登记 ---------------------------------------------------------------------------------------

BIRTH_TYPES = ("结婚证", "居民户口簿", "居住证")


def test_birth_registration_approved_for_a_married_local_couple(rulebook: Rulebook) -> None:
    answers = {"scenario": "online", "mother_id_number": YANG_LIJUAN, "father_id_number": ZHOU_HAITAO}
    decision = rulebook.evaluate("200110002000", answers, licences_of(ZHOU_HAITAO, *BIRTH_TYPES), TODAY)
    assert decision.approved, texts(decision.results)
    matched = next(r for r in decision.results if r.rule_id == "couple_matches_certificate")
    assert "表上母亲的身份证号与结婚证上配偶的身份证号一致" in matched.explanation_zh
    assert YANG_LIJUAN not in texts(decision.results) and ZHOU_HAITAO not in texts(decision.results)


def test_birth_registration_refused_when_the_form_names_another_father(rulebook: Rulebook) -> None:
    answers = {"scenario": "online", "mother_id_number": YANG_LIJUAN, "father_id_number": ZHANG_JIANGUO}
    decision = rulebook.evaluate("200110002000", answers, licences_of(YANG_LIJUAN, *BIRTH_TYPES), TODAY)
    assert [r.rule_id for r in decision.failed] == ["couple_matches_certificate"]
    assert "表上父亲的身份证号与结婚证上配偶的身份证号不一致" in decision.failed[0].explanation_zh
    assert ZHANG_JIANGUO not in texts(decision.results)


def test_birth_registration_refused_without_a_marriage_certificate(rulebook: Rulebook) -> None:
    answers = {"scenario": "online", "mother_id_number": GUO_JING, "father_id_number": CHEN_XIAOMING}
    decision = rulebook.evaluate("200110002000", answers, licences_of(GUO_JING, *BIRTH_TYPES), TODAY)
    assert {"married", "couple_matches_certificate"} <= {r.rule_id for r in decision.failed}
    assert "结婚证状态：未取得" in decision.failed[0].explanation_zh


# 住房公积金租房提取 -------------------------------------------------------------------------------

FUND_OK = {"account_status": "normal", "continuous_months": 26, "last_rent_withdrawal_on": "2025-06-30"}
RENT_ANSWERS = {
    "scenario": "no_contract",
    "monthly_rent": 1000,
    "owns_home_in_city": False,
    "bank_account": "6222",
}


def test_rent_withdrawal_approved_for_a_single_renter(rulebook: Rulebook) -> None:
    facts = {**licences_of(CHEN_XIAOMING, "不动产权证书", "结婚证"), "housing_fund": FUND_OK}
    decision = rulebook.evaluate("200070001001", RENT_ANSWERS, facts, TODAY)
    assert decision.approved, texts(decision.results)
    no_home = next(r for r in decision.results if r.rule_id == "no_home_self")
    assert no_home.explanation_zh == (
        "通过：本人在本市名下没有住房。名下有效的不动产权证书数量：0（要求为 0）；"
        "申报的本人及配偶在本市有无住房：否（要求为否）"
    )


def test_rent_withdrawal_refused_for_a_home_owner_with_high_rent(rulebook: Rulebook) -> None:
    facts = {
        **licences_of(ZHANG_JIANGUO, "不动产权证书", "结婚证"),
        "housing_fund": {**FUND_OK, "continuous_months": 2, "last_rent_withdrawal_on": "2026-03-01"},
        "property_register": {"spouse_homes_in_city": 1},
    }
    decision = rulebook.evaluate("200070001001", {**RENT_ANSWERS, "monthly_rent": 1500}, facts, TODAY)
    failed = {r.rule_id: r for r in decision.failed}
    assert set(failed) == {
        "contributions_3_months",
        "no_home_self",
        "no_home_spouse",
        "once_a_year",
        "rent_within_limit",
    }
    assert failed["contributions_3_months"].explanation_zh == (
        "未通过：连续足额缴存满 3 个月。连续足额缴存月数：2（要求不少于 3）"
    )
    assert "名下有效的不动产权证书数量：1（要求为 0）" in failed["no_home_self"].explanation_zh
    assert failed["rent_within_limit"].explanation_en.endswith(
        "Monthly rent (yuan): 1500 (required: at most 1200)"
    )
    assert (
        "上次租房提取日期：2026-03-01（要求不在 2025-11-28 至 2026-11-28 之间）"
        in failed["once_a_year"].explanation_zh
    )


def test_rent_withdrawal_with_a_registered_lease_goes_to_a_person(rulebook: Rulebook) -> None:
    decision = rulebook.evaluate("200070001001", {**RENT_ANSWERS, "scenario": "registered_lease"}, {}, TODAY)
    assert decision.reason == "scenario_not_instant"


# 失业保险金申领 ---------------------------------------------------------------------------------

SOCIAL_OK = {
    "unemployment_contribution_months": 40,
    "separation_reason": "contract_expired",
    "separation_date": "2026-10-31",
    "employment_status": "unemployed",
    "pension_status": "not_receiving",
}
JOBLESS_ANSWERS = {
    "scenario": "standard",
    "separation_reason": "dismissed",
    "seeking_work": True,
    "bank_account": "6222",
}


def test_unemployment_benefit_approved(rulebook: Rulebook) -> None:
    facts = {**licences_of(HU_ZHIGANG, "居民身份证"), "social_insurance": SOCIAL_OK}
    decision = rulebook.evaluate("050050003000", JOBLESS_ANSWERS, facts, TODAY)
    assert decision.approved, texts(decision.results)
    assert len(decision.results) == 8


def test_unemployment_benefit_refused_after_resigning_late_with_a_short_record(rulebook: Rulebook) -> None:
    social = {**SOCIAL_OK, "unemployment_contribution_months": 8, "separation_reason": "resigned"}
    social["separation_date"] = "2026-06-30"
    facts = {**licences_of(HU_ZHIGANG, "居民身份证"), "social_insurance": social}
    answers = {**JOBLESS_ANSWERS, "separation_reason": "resigned", "seeking_work": False}
    decision = rulebook.evaluate("050050003000", answers, facts, TODAY)
    failed = {r.rule_id: r for r in decision.failed}
    assert set(failed) == {"contributions_1_year", "involuntary", "claimed_in_time", "seeking_work"}
    assert "申报的离职原因：本人主动辞职（要求为以下之一：被辞退/合同期满不续签、单位破产/关闭）" in (
        failed["involuntary"].explanation_zh
    )
    assert "失业保险累计缴费月数：8（要求不少于 12）" in failed["contributions_1_year"].explanation_zh


# 城乡居民基本医疗保险参保登记 -----------------------------------------------------------------------

MEDICAL_OK = {"employee_insured": False, "resident_insured_elsewhere": False}
MEDICAL_TYPES = ("居民户口簿", "居住证", "出生医学证明")


@pytest.mark.parametrize(
    ("scenario", "applicant", "checked"),
    [
        ("resident", GUO_JING, "local_hukou"),
        ("non_local", LI_MING, "residence_permit"),
        ("newborn", YANG_LIJUAN, "birth_certificate"),
    ],
)
def test_resident_medical_insurance_approved(
    rulebook: Rulebook, scenario: str, applicant: str, checked: str
) -> None:
    facts = {**licences_of(applicant, *MEDICAL_TYPES), "medical_insurance": MEDICAL_OK}
    answers = {"scenario": scenario, "applicant_id_number": applicant}
    decision = rulebook.evaluate("070060001000", answers, facts, TODAY)
    assert decision.approved, texts(decision.results)
    assert [r.rule_id for r in decision.results] == [
        "no_employee_insurance",
        "not_insured_elsewhere",
        checked,
    ]


def test_resident_medical_insurance_refused_with_a_suspended_permit(rulebook: Rulebook) -> None:
    facts = {
        **licences_of(CHEN_FANG, *MEDICAL_TYPES),
        "medical_insurance": {**MEDICAL_OK, "employee_insured": True},
    }
    decision = rulebook.evaluate("070060001000", {"scenario": "non_local"}, facts, TODAY)
    failed = {r.rule_id: r for r in decision.failed}
    assert set(failed) == {"no_employee_insurance", "residence_permit"}
    assert failed["residence_permit"].explanation_zh == (
        "未通过：持有有效的本市居住证。居住证状态：暂停使用（要求为有效）"
    )
    assert failed["residence_permit"].explanation_en == (
        "Failed: Holds a valid residence permit of the city. "
        "Status of the residence permit: suspended (required: valid)"
    )


def test_newborn_insurance_refused_for_someone_not_a_parent(rulebook: Rulebook) -> None:
    facts = {**licences_of(YANG_LIJUAN, *MEDICAL_TYPES), "medical_insurance": MEDICAL_OK}
    answers = {"scenario": "newborn", "applicant_id_number": GUO_JING}
    decision = rulebook.evaluate("070060001000", answers, facts, TODAY)
    assert [r.rule_id for r in decision.failed] == ["birth_certificate"]
    assert GUO_JING not in texts(decision.results) and YANG_LIJUAN not in texts(decision.results)


# 异地就医备案 -----------------------------------------------------------------------------------

FILING_OK = {"status": "insured", "active_filing": False}


def test_cross_province_filing_approved(rulebook: Rulebook) -> None:
    facts = {**licences_of(XU_HONGWEI, "居民身份证"), "medical_insurance": FILING_OK}
    answers = {"scenario": "long_term", "destination_province": "440000", "commitment_signed": True}
    decision = rulebook.evaluate("200060002000", answers, facts, TODAY)
    assert decision.approved, texts(decision.results)


def test_cross_province_filing_refused_inside_henan_without_commitment(rulebook: Rulebook) -> None:
    facts = {
        **licences_of(XU_HONGWEI, "居民身份证"),
        "medical_insurance": {**FILING_OK, "active_filing": True},
    }
    answers = {"scenario": "temporary", "destination_province": "410000", "commitment_signed": False}
    decision = rulebook.evaluate("200060002000", answers, facts, TODAY)
    failed = {r.rule_id: r for r in decision.failed}
    assert set(failed) == {"other_province", "no_open_filing", "commitment"}
    assert failed["other_province"].explanation_zh.endswith("就医地所在省份代码：410000（要求不为 410000）")
    referral = rulebook.evaluate("200060002000", {**answers, "scenario": "referral"}, facts, TODAY)
    assert referral.reason == "scenario_not_instant"


# 居住证签注 -------------------------------------------------------------------------------------

PUBLIC_SECURITY_OK = {"residence_registration": "valid", "stable_residence": False, "enrolled_student": False}


def test_residence_permit_endorsement_approved_in_the_month_before(rulebook: Rulebook) -> None:
    facts = {
        **licences_of(LI_MING, "居住证"),
        "public_security": PUBLIC_SECURITY_OK,
        "social_insurance": {"insured_in_city": True},
    }
    decision = rulebook.evaluate("070010005002", {}, facts, TODAY, scenario="annual_online")
    assert decision.approved, texts(decision.results)
    window = next(r for r in decision.results if r.rule_id == "endorsement_window")
    assert window.explanation_zh == (
        "通过：在居住每满一年之日前一个月内办理。"
        "居住证本年度签注到期日：2026-12-20（要求在 2026-11-28 至 2026-12-29 之间）"
    )


def test_residence_permit_endorsement_refused_when_suspended(rulebook: Rulebook) -> None:
    facts = {
        **licences_of(CHEN_FANG, "居住证"),
        "public_security": {**PUBLIC_SECURITY_OK, "residence_registration": "lapsed"},
        "social_insurance": {"insured_in_city": False},
    }
    decision = rulebook.evaluate("070010005002", {"scenario": "annual_online"}, facts, TODAY)
    failed = {r.rule_id: r for r in decision.failed}
    assert set(failed) == {"permit_valid", "endorsement_window", "registration_valid", "still_lives_here"}
    assert failed["still_lives_here"].explanation_zh.startswith(
        "未通过：在本市有合法稳定就业、合法稳定住所或连续就读之一。以下均不满足："
    )
