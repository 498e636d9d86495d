"""秒批: instant approval by declared rules, each result explained in Chinese and English.

Rules are data: one readable file per item, ``data/rules/<item code>.yaml``, plus the shared
field labels in ``data/rules/_fields.yaml``::

    item: "050040006000"                 # 事项编码; the item must be flagged instant
    scenarios: [self_or_family]          # optional: the scenarios that may be approved instantly
    licences: [居民户口簿]                # e-licences the rules read (facts.elicence.<type>)
    sources: [population]                # other fact sources the rules read (facts.<source>)
    fields:                              # optional labels for this item's fields
      answers.bank_account: {zh: 收款账户, en: payment account, personal: true}
    rules:
      - id: age_80
        description: {zh: 老人年满 80 周岁, en: The older person is 80 or over}
        scenarios: [self_or_family]      # optional: the rule applies to these scenarios only
        condition:
          age_at_least: {field: facts.elicence.居民户口簿.holder_id_number, years: 80}

The condition vocabulary is in `core.applications.rules`. `load_rulebook` checks every file
when it loads (unknown operator, item, scenario, licence type or fact source: a clear
`RulesFileError`), and `evaluate` answers "approved" only when every applicable rule passes;
an item without rules, a scenario outside the instant ones, or any failed or unknown rule
sends the application to a person ("to_department").

Facts come from whoever gathered them; `licence_facts` shapes e-licence records for the rules:
``facts.elicence.<type>`` is the holder's licence of that type (a valid one first) and
``facts.elicence_count.<type>`` the number of valid ones (0 when the library had none).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from core.applications.rules import (
    Condition,
    Context,
    FieldInfo,
    Glossary,
    RuleSyntaxError,
    parse_condition,
)
from core.guide.catalogue import Catalogue, load_catalogue_dir
from core.guide.models import Flag
from core.integrations.elicence import LICENCE_TYPES, LicenceRecord, LicenceStatus
from core.once import load_once
from core.settings import REPO_ROOT, get_settings

__all__ = [
    "DEFAULT_RULES_DIR",
    "Decision",
    "Rule",
    "RuleResult",
    "RuleSet",
    "Rulebook",
    "RulesFileError",
    "default_rulebook",
    "evaluate",
    "licence_facts",
    "load_rulebook",
]

logger = logging.getLogger(__name__)

DEFAULT_RULES_DIR = REPO_ROOT / "data" / "rules"
FIELDS_FILE = "_fields.yaml"
LICENCE_ROOTS = ("elicence", "elicence_count")
Outcome = Literal["approved", "committed", "to_department"]
_FILE_KEYS = {"item", "scenarios", "licences", "sources", "fields", "rules"}
_RULE_KEYS = {"id", "description", "scenarios", "condition"}


class RulesFileError(ValueError):
    """A rules file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Rule:
    id: str
    description_zh: str
    description_en: str
    condition: Condition
    scenarios: tuple[str, ...] = ()  # empty: every scenario


@dataclass(frozen=True)
class RuleSet:
    item_code: str
    item_name: str
    rules: tuple[Rule, ...]
    glossary: Glossary
    scenario_names: Mapping[str, tuple[str, str]]  # every scenario of the item -> (zh, en)
    instant_scenarios: tuple[str, ...] = ()  # empty: every scenario
    licences: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    passed: bool
    explanation_zh: str
    explanation_en: str


@dataclass(frozen=True)
class Decision:
    item_code: str
    outcome: Outcome
    results: list[RuleResult]
    reason: str  # all_passed | rule_failed | no_rules | scenario_not_instant | commitment_signed

    @property
    def approved(self) -> bool:
        return self.outcome == "approved"

    @property
    def failed(self) -> list[RuleResult]:
        return [result for result in self.results if not result.passed]


class Rulebook:
    """Every item's rule set, checked at load."""

    def __init__(self, rule_sets: Iterable[RuleSet]) -> None:
        self._sets = {rule_set.item_code: rule_set for rule_set in rule_sets}

    def __len__(self) -> int:
        return len(self._sets)

    def __contains__(self, item_code: object) -> bool:
        return item_code in self._sets

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(sorted(self._sets))

    def rule_set(self, item_code: str) -> RuleSet | None:
        return self._sets.get(item_code)

    def evaluate(
        self,
        item_code: str,
        answers: Mapping[str, Any],
        facts: Mapping[str, Any],
        today: date,
        *,
        scenario: str | None = None,
    ) -> Decision:
        """Apply the item's rules; the scenario is `scenario`, else answers["scenario"], else the
        item's only scenario."""
        rule_set = self._sets.get(item_code)
        if rule_set is None:
            return Decision(item_code, "to_department", [], "no_rules")
        chosen = scenario or answers.get("scenario")
        if not chosen and len(rule_set.scenario_names) == 1:
            chosen = next(iter(rule_set.scenario_names))
        if chosen not in rule_set.scenario_names or (
            rule_set.instant_scenarios and chosen not in rule_set.instant_scenarios
        ):
            return Decision(
                item_code, "to_department", [_scenario_result(rule_set, chosen)], "scenario_not_instant"
            )
        context = Context(answers, facts, today, rule_set.glossary)
        results = [
            _apply(rule, context) for rule in rule_set.rules if not rule.scenarios or chosen in rule.scenarios
        ]
        if not results:
            return Decision(item_code, "to_department", [], "no_rules")
        if all(result.passed for result in results):
            return Decision(item_code, "approved", results, "all_passed")
        return Decision(item_code, "to_department", results, "rule_failed")


def _apply(rule: Rule, context: Context) -> RuleResult:
    try:
        verdict = rule.condition.evaluate(context)
    except Exception as error:  # a rule that cannot be computed sends the case to a person
        logger.error("rule %s could not be evaluated: %s", rule.id, type(error).__name__)
        return RuleResult(
            rule.id,
            False,
            f"未通过：{rule.description_zh}。规则无法计算，转人工审核",
            f"Failed: {rule.description_en}. The rule could not be computed; a person will review it",
        )
    passed = verdict.value is True
    unknown_zh = "（信息不全，无法判断）" if verdict.value is None else ""
    unknown_en = " (information missing, cannot decide)" if verdict.value is None else ""
    detail_en = verdict.en[:1].upper() + verdict.en[1:]
    return RuleResult(
        rule.id,
        passed,
        f"{'通过' if passed else '未通过'}：{rule.description_zh}。{verdict.zh}{unknown_zh}",
        f"{'Passed' if passed else 'Failed'}: {rule.description_en}. {detail_en}{unknown_en}",
    )


def _scenario_result(rule_set: RuleSet, chosen: Any) -> RuleResult:
    if not chosen:
        return RuleResult(
            "scenario",
            False,
            "未通过：未选择办理情形，转人工审核",
            "Failed: no scenario was chosen; a person will review the application",
        )
    if str(chosen) not in rule_set.scenario_names:
        return RuleResult(
            "scenario",
            False,
            f"未通过：事项没有办理情形「{chosen}」，转人工审核",
            f"Failed: the item has no scenario “{chosen}”; a person will review the application",
        )
    zh, en = rule_set.scenario_names[str(chosen)]
    return RuleResult(
        "scenario",
        False,
        f"未通过：办理情形「{zh}」不在秒批范围内，转人工审核",
        f"Failed: the scenario “{en}” is not approved instantly; a person will review it",
    )


# ---------------------------------------------------------------------------------------------
# Loading


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RulesFileError(f"{path.name}: not valid YAML ({error})") from error


def _bilingual(raw: Any, where: str) -> tuple[str, str]:
    if (
        not isinstance(raw, Mapping)
        or set(raw) - {"zh", "en"}
        or not all(isinstance(raw.get(lang), str) and raw[lang].strip() for lang in ("zh", "en"))
    ):
        raise RulesFileError(f"{where}: needs zh and en texts")
    return raw["zh"].strip(), raw["en"].strip()


def _string_list(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if (
        not isinstance(raw, list)
        or not all(isinstance(v, str) and v for v in raw)
        or len(set(raw)) != len(raw)
    ):
        raise RulesFileError(f"{where}: must be a list of distinct names")
    return tuple(raw)


def _glossary(raw: Any, where: str, names_en: Mapping[str, str] | None = None) -> Glossary:
    if raw is None:
        return Glossary(names_en=names_en)
    if not isinstance(raw, Mapping):
        raise RulesFileError(f"{where}: fields must map field paths to labels")
    entries: dict[str, FieldInfo] = {}
    for path, spec in raw.items():
        here = f"{where}: field {path}"
        if not isinstance(path, str) or path.split(".")[0] not in ("answers", "facts"):
            raise RulesFileError(f"{here}: a field path starts with answers. or facts.")
        if not isinstance(spec, Mapping) or set(spec) - {"zh", "en", "personal", "values"}:
            raise RulesFileError(f"{here}: takes zh, en, and optionally personal and values")
        zh, en = _bilingual({"zh": spec.get("zh"), "en": spec.get("en")}, here)
        personal = spec.get("personal", False)
        if not isinstance(personal, bool):
            raise RulesFileError(f"{here}: personal is true or false")
        values_raw = spec.get("values") or {}
        if not isinstance(values_raw, Mapping):
            raise RulesFileError(f"{here}: values map a raw value to zh and en labels")
        values = {str(k): _bilingual(v, f"{here}, value {k}") for k, v in values_raw.items()}
        entries[path] = FieldInfo(zh, en, personal, values)
    return Glossary(entries, names_en)


def load_shared_glossary(rules_dir: Path) -> Glossary:
    path = rules_dir / FIELDS_FILE
    if not path.exists():
        return Glossary(names_en={name: licence.name_en for name, licence in LICENCE_TYPES.items()})
    raw = _read_yaml(path) or {}
    if not isinstance(raw, Mapping) or set(raw) - {"fields", "names_en"}:
        raise RulesFileError(f"{path.name}: holds fields and names_en")
    names_en = raw.get("names_en") or {}
    if not isinstance(names_en, Mapping) or not all(isinstance(v, str) for v in names_en.values()):
        raise RulesFileError(f"{path.name}: names_en maps a segment to its English name")
    names = {name: licence.name_en for name, licence in LICENCE_TYPES.items()}
    return _glossary(raw.get("fields"), path.name, names | {str(k): v for k, v in names_en.items()})


def load_rule_set(path: Path, catalogue: Catalogue, shared: Glossary | None = None) -> RuleSet:
    """Read and check one rules file against the catalogue."""
    name = path.name
    raw = _read_yaml(path)
    if not isinstance(raw, Mapping):
        raise RulesFileError(f"{name}: must be a mapping with item and rules")
    if unknown := set(raw) - _FILE_KEYS:
        raise RulesFileError(f"{name}: unknown keys {', '.join(sorted(map(str, unknown)))}")
    code = raw.get("item")
    if not isinstance(code, str):
        raise RulesFileError(f'{name}: item must be the item code in quotes, e.g. "050040006000"')
    if path.stem != code:
        raise RulesFileError(f"{name}: the file of item {code} must be named {code}.yaml")
    item = catalogue.find_item(code)
    if item is None:
        raise RulesFileError(f"{name}: unknown item code {code}")
    if not item.has_flag(Flag.INSTANT):
        raise RulesFileError(f"{name}: item {code} ({item.name}) is not flagged instant (秒批)")
    scenario_names = {s.id: (s.name, s.name_en or s.name) for s in item.scenarios}
    instant = _string_list(raw.get("scenarios"), f"{name}: scenarios")
    _check_scenarios(instant, scenario_names, f"{name}: scenarios", code)
    licences = _string_list(raw.get("licences"), f"{name}: licences")
    if unknown_types := [t for t in licences if t not in LICENCE_TYPES]:
        raise RulesFileError(
            f"{name}: unknown licence types {unknown_types} (known: {', '.join(LICENCE_TYPES)})"
        )
    sources = _string_list(raw.get("sources"), f"{name}: sources")
    if clash := set(sources) & set(LICENCE_ROOTS):
        raise RulesFileError(f"{name}: sources must not be named {', '.join(sorted(clash))}")
    glossary = (shared or Glossary()).merged(_glossary(raw.get("fields"), name))
    rules_raw = raw.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise RulesFileError(f"{name}: rules must be a non-empty list")
    rules: list[Rule] = []
    for index, rule_raw in enumerate(rules_raw):
        rule = _load_rule(rule_raw, f"{name}: rule {index + 1}")
        _check_scenarios(rule.scenarios, scenario_names, f"{name}: rule {rule.id}: scenarios", code)
        _check_facts(rule, licences, sources, f"{name}: rule {rule.id}")
        if any(existing.id == rule.id for existing in rules):
            raise RulesFileError(f"{name}: rule id {rule.id} is used twice")
        rules.append(rule)
    return RuleSet(code, item.name, tuple(rules), glossary, scenario_names, instant, licences, sources)


def _load_rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise RulesFileError(f"{where}: a rule is a mapping with id, description and condition")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.replace("_", "").isalnum() or not rule_id.isascii():
        raise RulesFileError(f"{where}: id must be a short ASCII name like age_80")
    where = f"{where.rsplit(': ', 1)[0]}: rule {rule_id}"
    if unknown := set(raw) - _RULE_KEYS:
        raise RulesFileError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))}")
    zh, en = _bilingual(raw.get("description"), f"{where}: description")
    if "condition" not in raw:
        raise RulesFileError(f"{where}: needs a condition")
    try:
        condition = parse_condition(raw["condition"], f"{where}: condition")
    except RuleSyntaxError as error:
        raise RulesFileError(str(error)) from error
    scenarios = _string_list(raw.get("scenarios"), f"{where}: scenarios")
    return Rule(rule_id, zh, en, condition, scenarios)


def _check_scenarios(chosen: tuple[str, ...], known: Mapping[str, Any], where: str, code: str) -> None:
    if unknown := [s for s in chosen if s not in known]:
        raise RulesFileError(
            f"{where}: item {code} has no scenario {', '.join(unknown)} (has {', '.join(known)})"
        )


def _check_facts(rule: Rule, licences: tuple[str, ...], sources: tuple[str, ...], where: str) -> None:
    for path in rule.condition.fields():
        segments = path.split(".")
        if segments[0] != "facts":
            continue
        if segments[1] in LICENCE_ROOTS:
            if len(segments) < 3 or segments[2] not in licences:
                raise RulesFileError(
                    f"{where}: {path} reads a licence type not listed under licences ({', '.join(licences)})"
                )
        elif segments[1] not in sources:
            raise RulesFileError(
                f"{where}: {path} reads fact source {segments[1]!r}, not listed under sources"
            )


def load_rulebook(rules_dir: Path = DEFAULT_RULES_DIR, catalogue: Catalogue | None = None) -> Rulebook:
    """Every ``<item code>.yaml`` of `rules_dir`, checked against `catalogue` (default: the seed)."""
    catalogue = catalogue or load_catalogue_dir(get_settings().catalogue_dir)
    shared = load_shared_glossary(rules_dir)
    paths = sorted(p for p in rules_dir.glob("*.yaml") if not p.name.startswith("_"))
    return Rulebook(load_rule_set(path, catalogue, shared) for path in paths)


@load_once
def default_rulebook() -> Rulebook:
    return load_rulebook()


def evaluate(
    item_code: str,
    answers: Mapping[str, Any],
    facts: Mapping[str, Any],
    today: date,
    *,
    scenario: str | None = None,
) -> Decision:
    """Apply the shipped rules of `item_code` (see `Rulebook.evaluate`)."""
    return default_rulebook().evaluate(item_code, answers, facts, today, scenario=scenario)


def licence_facts(records: Iterable[LicenceRecord], fetched_types: Iterable[str] = ()) -> dict[str, Any]:
    """``{"elicence": {type: record}, "elicence_count": {type: valid count}}`` for the rules.

    Every type in `fetched_types` gets a count, 0 when the library had none (so "owns no home"
    is known, not missing); the record kept per type is a valid one first, then the newest."""
    by_type: dict[str, list[LicenceRecord]] = {name: [] for name in fetched_types}
    for record in records:
        by_type.setdefault(record.licence_type, []).append(record)
    chosen: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for licence_type, found in by_type.items():
        counts[licence_type] = sum(1 for r in found if r.status is LicenceStatus.VALID)
        if found:
            best = max(found, key=lambda r: (r.status is LicenceStatus.VALID, r.issue_date))
            chosen[licence_type] = best.to_json()
    return {"elicence": chosen, "elicence_count": counts}
