"""The small, safe condition language of the 秒批 rules, and the explanations it writes.

A condition is a YAML mapping with exactly one operator as its key; nothing is ever passed to
`eval`. Values are read by dotted field paths rooted at ``answers`` (what the citizen filled
in) or ``facts`` (what the platform fetched: e-licences, department records):

    eq / ne / gt / ge / lt / le:  {field: facts.housing_fund.continuous_months, value: 3}
                                  {field: answers.monthly_rent, other_field: facts.housing_fund.rent_limit}
    in / not_in:                  {field: facts.elicence.居民户口簿.surface.region_code, values: ["410402"]}
    exists:                       answers.bank_account
    age_at_least:                 {field: answers.applicant_id_number, years: 80}
    date_within_days:             {field: facts.employment.separation_date, days: 60, direction: past}
    all / any:                    [condition, condition, ...]
    not:                          condition

Semantics, chosen so that a rule only passes on positive evidence:
- a value that is absent (or null) makes every comparison *unknown*; unknown is never a pass,
  and ``not`` of unknown stays unknown. Only ``exists`` is never unknown.
- ``all``/``any``/``not`` use three-valued (Kleene) logic.
- ``eq``/``in`` treat a number and a numeric string as equal (``410402`` and ``"410402"``),
  never a boolean and a number; ``gt``.. compare numbers, or dates (ISO strings or YAML dates).
- ``age_at_least`` reads the date of birth from an 18-digit ID number, in whole years on ``today``.
- ``date_within_days`` passes for a date in [today - days, today] (direction ``past``, the default)
  or in [today, today + days] (direction ``future``).

Every evaluation returns Chinese and English text naming the fields (by their glossary labels)
and the values compared, except for personal data (ID numbers, names, addresses, dates of
birth...), whose values are never written: only whether they met the requirement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from core.identity.id_numbers import IdNumberError, id_number_facts

__all__ = [
    "OPERATORS",
    "ROOTS",
    "Condition",
    "Context",
    "FieldInfo",
    "Glossary",
    "RuleSyntaxError",
    "Verdict",
    "parse_condition",
]

ROOTS: Final = ("answers", "facts")
COMPARISONS: Final = ("eq", "ne", "gt", "ge", "lt", "le")
MEMBERSHIP: Final = ("in", "not_in")
OPERATORS: Final = (
    *COMPARISONS,
    *MEMBERSHIP,
    "exists",
    "age_at_least",
    "date_within_days",
    "all",
    "any",
    "not",
)
MAX_LISTED_VALUES: Final = 6
# A path segment holding one of these is personal data: its value is never written out.
PERSONAL_HINTS: Final = ("id_number", "name", "phone", "address", "birth", "bank_account", "account_number")

_PATH_SEGMENT = re.compile(r"[^\s.]+")
_NEGATION = {
    "eq": "ne",
    "ne": "eq",
    "gt": "le",
    "le": "gt",
    "ge": "lt",
    "lt": "ge",
    "in": "not_in",
    "not_in": "in",
}
_REQUIRE_ZH = {
    "eq": "为",
    "ne": "不为",
    "gt": "大于",
    "ge": "不少于",
    "lt": "小于",
    "le": "不超过",
    "in": "为以下之一：",
    "not_in": "不为以下任何一项：",
}
_REQUIRE_EN = {
    "eq": "",
    "ne": "not ",
    "gt": "more than ",
    "ge": "at least ",
    "lt": "less than ",
    "le": "at most ",
    "in": "one of ",
    "not_in": "none of ",
}


class RuleSyntaxError(ValueError):
    """A condition that is not in the vocabulary; the message says where and why."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


# ---------------------------------------------------------------------------------------------
# Field labels


@dataclass(frozen=True)
class FieldInfo:
    """How a field is named in explanations, and whether its value may be shown."""

    zh: str
    en: str
    personal: bool = False
    values: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # raw value -> (zh, en)


def looks_personal(path: str) -> bool:
    return any(hint in segment for segment in path.split(".") for hint in PERSONAL_HINTS)


class Glossary:
    """Labels by field path. A ``*`` segment in a pattern matches any one segment, and ``{1}``,
    ``{2}``... in its labels stand for the matched segments (in English, through `names_en`)."""

    def __init__(
        self, entries: Mapping[str, FieldInfo] | None = None, names_en: Mapping[str, str] | None = None
    ) -> None:
        self._exact: dict[str, FieldInfo] = {}
        self._patterns: list[tuple[tuple[str, ...], FieldInfo]] = []
        self._names_en = dict(names_en or {})
        for path, info in (entries or {}).items():
            if "*" in path.split("."):
                self._patterns.append((tuple(path.split(".")), info))
            else:
                self._exact[path] = info

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with `other`'s entries added (and winning on the same path)."""
        merged = Glossary(names_en={**self._names_en, **other._names_en})
        merged._exact = {**self._exact, **other._exact}
        merged._patterns = other._patterns + self._patterns
        return merged

    def info(self, path: str) -> FieldInfo:
        personal = looks_personal(path)
        found = self._exact.get(path)
        if found is not None:
            return _with_personal(found, personal)
        segments = tuple(path.split("."))
        for pattern, info in self._patterns:
            if len(pattern) == len(segments) and all(
                p in ("*", s) for p, s in zip(pattern, segments, strict=True)
            ):
                wild = [s for p, s in zip(pattern, segments, strict=True) if p == "*"]
                zh, en = info.zh, info.en
                for number, segment in enumerate(wild, 1):
                    zh = zh.replace(f"{{{number}}}", segment)
                    en = en.replace(f"{{{number}}}", self._names_en.get(segment, segment))
                return _with_personal(FieldInfo(zh, en, info.personal, info.values), personal)
        return FieldInfo(path, path, personal)


def _with_personal(info: FieldInfo, personal: bool) -> FieldInfo:
    if personal and not info.personal:
        return FieldInfo(info.zh, info.en, True, info.values)
    return info


# ---------------------------------------------------------------------------------------------
# Evaluation


@dataclass(frozen=True)
class Context:
    answers: Mapping[str, Any]
    facts: Mapping[str, Any]
    today: date
    glossary: Glossary = field(default_factory=Glossary)

    def resolve(self, path: str) -> Any:
        """The value at a dotted path, or MISSING; null counts as missing."""
        root, *rest = path.split(".")
        value: Any = self.answers if root == "answers" else self.facts
        for segment in rest:
            if isinstance(value, Mapping):
                value = value.get(segment, MISSING)
            elif isinstance(value, list | tuple) and segment.isdigit() and int(segment) < len(value):
                value = value[int(segment)]
            else:
                return MISSING
            if value is None:
                return MISSING
        return value


@dataclass(frozen=True)
class Verdict:
    """True (met), False (not met) or None (unknown: a value is missing or unreadable)."""

    value: bool | None
    zh: str
    en: str


class Condition:
    """One parsed node of a condition."""

    def evaluate(self, ctx: Context, negated: bool = False) -> Verdict:
        raise NotImplementedError

    def fields(self) -> Iterator[str]:
        raise NotImplementedError


def _flip(raw: bool | None, negated: bool) -> bool | None:
    return raw if raw is None or not negated else not raw


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return None if math.isnan(number) or math.isinf(number) else number
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) or isinstance(b, int | float):
        x, y = _number(a), _number(b)
        return x is not None and x == y
    if isinstance(a, date) or isinstance(b, date):
        x, y = _date(a), _date(b)
        return x is not None and x == y
    return a == b


def _order(op: str, actual: Any, expected: Any) -> bool | None:
    """gt/ge/lt/le on two numbers or two dates; None when they cannot be compared."""
    x, y = _number(actual), _number(expected)
    if x is None or y is None:
        if isinstance(expected, int | float) and not isinstance(expected, bool):
            return None
        x, y = _date(actual), _date(expected)  # type: ignore[assignment]
        if x is None or y is None:
            return None
    return {"gt": x > y, "ge": x >= y, "lt": x < y, "le": x <= y}[op]  # type: ignore[operator]


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def zh_join(*parts: str) -> str:
    """Chinese text with a space between Chinese and Latin letters or digits, as in 满 80 周岁."""
    text = ""
    for part in parts:
        if (
            text
            and part
            and (
                (_is_cjk(text[-1]) and part[0].isascii() and part[0].isalnum())
                or (text[-1].isascii() and text[-1].isalnum() and _is_cjk(part[0]))
            )
        ):
            text += " "
        text += part
    return text


def _show(value: Any, info: FieldInfo, english: bool) -> str:
    if value is MISSING:
        return "not available" if english else "未取得"
    if isinstance(value, bool):
        return ("yes" if value else "no") if english else ("是" if value else "否")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, list | tuple):
        shown = [_show(v, info, english) for v in value[:MAX_LISTED_VALUES]]
        rest = len(value) - len(shown)
        if english:
            return ", ".join(shown) + (f" and {rest} more" if rest else "")
        return "、".join(shown) + (f" 等 {len(value)} 项" if rest else "")
    label = info.values.get(str(value))
    if label is not None:
        return label[1] if english else label[0]
    return str(value)


@dataclass(frozen=True)
class Compare(Condition):
    op: str
    field: str
    value: Any = MISSING
    other_field: str | None = None

    def fields(self) -> Iterator[str]:
        yield self.field
        if self.other_field:
            yield self.other_field

    def evaluate(self, ctx: Context, negated: bool = False) -> Verdict:
        info = ctx.glossary.info(self.field)
        actual = ctx.resolve(self.field)
        if self.other_field is not None:
            other_info = ctx.glossary.info(self.other_field)
            expected = ctx.resolve(self.other_field)
        else:
            other_info, expected = info, self.value
        op = _NEGATION[self.op] if negated else self.op
        if actual is MISSING or expected is MISSING:
            missing = info if actual is MISSING else other_info
            return Verdict(None, zh_join(missing.zh, "：未取得"), f"{missing.en}: not available")
        raw = self._raw(actual, expected)
        value = _flip(raw, negated)
        if raw is None:
            return Verdict(
                None, zh_join(info.zh, "无法与要求比较"), f"{info.en} cannot be compared with the requirement"
            )
        if info.personal or other_info.personal:
            return self._personal_text(value, raw, info, other_info)
        zh_expected = _show(expected, other_info, english=False)
        en_expected = _show(expected, other_info, english=True)
        if self.other_field is not None:
            zh_expected = f"{other_info.zh}（{zh_expected}）"
            en_expected = f"{other_info.en} ({en_expected})"
        required_zh = zh_join("要求", _REQUIRE_ZH[op], zh_expected)
        return Verdict(
            value,
            f"{info.zh}：{_show(actual, info, english=False)}（{required_zh}）",
            f"{info.en}: {_show(actual, info, english=True)} (required: {_REQUIRE_EN[op]}{en_expected})",
        )

    def _raw(self, actual: Any, expected: Any) -> bool | None:
        if self.op in ("eq", "ne"):
            same = _same(actual, expected)
            return same if self.op == "eq" else not same
        if self.op in MEMBERSHIP:
            if not isinstance(expected, list | tuple):
                return None
            found = any(_same(actual, candidate) for candidate in expected)
            return found if self.op == "in" else not found
        return _order(self.op, actual, expected)

    def _personal_text(self, value: bool | None, raw: bool, info: FieldInfo, other: FieldInfo) -> Verdict:
        if self.other_field is not None and self.op in ("eq", "ne"):
            same = raw if self.op == "eq" else not raw
            return Verdict(
                value,
                zh_join(info.zh, "与", other.zh, "一致" if same else "不一致"),
                f"{info.en} {'matches' if same else 'does not match'} {other.en}",
            )
        return Verdict(
            value,
            zh_join(info.zh, "符合" if value else "不符合", "要求（个人信息，不显示）"),
            f"{info.en} {'meets' if value else 'does not meet'} the requirement (personal data, not shown)",
        )


@dataclass(frozen=True)
class Exists(Condition):
    field: str

    def fields(self) -> Iterator[str]:
        yield self.field

    def evaluate(self, ctx: Context, negated: bool = False) -> Verdict:
        info = ctx.glossary.info(self.field)
        value = ctx.resolve(self.field)
        present = value is not MISSING and value != "" and value != [] and value != {}
        return Verdict(
            present != negated,
            zh_join(info.zh, "：已取得" if present else "：未取得"),
            f"{info.en}: {'present' if present else 'missing'}",
        )


def age_on(born: date, today: date) -> int:
    """Whole years (周岁) from `born` to `today`."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class AgeAtLeast(Condition):
    field: str
    years: int

    def fields(self) -> Iterator[str]:
        yield self.field

    def evaluate(self, ctx: Context, negated: bool = False) -> Verdict:
        info = ctx.glossary.info(self.field)
        number = ctx.resolve(self.field)
        if number is MISSING:
            return Verdict(None, f"{info.zh}：未取得", f"{info.en}: not available")
        try:
            born = id_number_facts(number).birth_date if isinstance(number, str) else None
        except IdNumberError:
            born = None
        if born is None or born > ctx.today:
            return Verdict(
                None,
                zh_join("无法从", info.zh, "读出出生日期"),
                f"no date of birth can be read from {info.en}",
            )
        raw = age_on(born, ctx.today) >= self.years
        return Verdict(
            _flip(raw, negated),
            zh_join("按", info.zh, f"计算，{'已满' if raw else '未满'} {self.years} 周岁"),
            f"by {info.en}: {'aged' if raw else 'under'} {self.years}{' or over' if raw else ''}",
        )


@dataclass(frozen=True)
class DateWithinDays(Condition):
    field: str
    days: int
    direction: str = "past"

    def fields(self) -> Iterator[str]:
        yield self.field

    def evaluate(self, ctx: Context, negated: bool = False) -> Verdict:
        info = ctx.glossary.info(self.field)
        raw_value = ctx.resolve(self.field)
        if raw_value is MISSING:
            return Verdict(None, f"{info.zh}：未取得", f"{info.en}: not available")
        when = _date(raw_value)
        if when is None:
            return Verdict(None, zh_join(info.zh, "不是有效日期"), f"{info.en} is not a valid date")
        if self.direction == "past":
            start, end = ctx.today - timedelta(days=self.days), ctx.today
        else:
            start, end = ctx.today, ctx.today + timedelta(days=self.days)
        raw = start <= when <= end
        value = _flip(raw, negated)
        window_zh, window_en = (
            f"{start.isoformat()} 至 {end.isoformat()}",
            f"{start.isoformat()} and {end.isoformat()}",
        )
        if info.personal:
            return Verdict(
                value,
                zh_join(info.zh, "在" if raw else "不在", f" {window_zh} 之间"),
                f"{info.en} is {'' if raw else 'not '}between {window_en}",
            )
        return Verdict(
            value,
            f"{info.zh}：{when.isoformat()}（要求{'不' if negated else ''}在 {window_zh} 之间）",
            f"{info.en}: {when.isoformat()} (required: {'not ' if negated else ''}between {window_en})",
        )


@dataclass(frozen=True)
class Combine(Condition):
    op: str  # all | any
    children: tuple[Condition, ...]

    def fields(self) -> Iterator[str]:
        for child in self.children:
            yield from child.fields()

    def evaluate(self, ctx: Context, negated: bool = False) -> Verdict:
        verdicts = [child.evaluate(ctx, negated) for child in self.children]
        values = [v.value for v in verdicts]
        conjunction = (self.op == "all") != negated  # De Morgan: not(all) is any(not)
        if conjunction:
            value = False if False in values else (None if None in values else True)
            cited = verdicts if value else [v for v in verdicts if v.value is not True]
        else:
            value = True if True in values else (None if None in values else False)
            cited = [v for v in verdicts if v.value is True] if value else verdicts
        if not conjunction and not value:
            return Verdict(
                value,
                "以下均不满足：" + "；".join(v.zh for v in cited),
                "none of these holds: " + "; ".join(v.en for v in cited),
            )
        return Verdict(value, "；".join(v.zh for v in cited), "; ".join(v.en for v in cited))


@dataclass(frozen=True)
class Not(Condition):
    child: Condition

    def fields(self) -> Iterator[str]:
        yield from self.child.fields()

    def evaluate(self, ctx: Context, negated: bool = False) -> Verdict:
        return self.child.evaluate(ctx, not negated)


# ---------------------------------------------------------------------------------------------
# Parsing


def _check_path(path: Any, where: str) -> str:
    if not isinstance(path, str):
        raise RuleSyntaxError(f"{where}: a field path is text like answers.monthly_rent, not {path!r}")
    segments = path.split(".")
    if segments[0] not in ROOTS or len(segments) < 2 or not all(_PATH_SEGMENT.fullmatch(s) for s in segments):
        raise RuleSyntaxError(
            f"{where}: field path {path!r} must start with answers. or facts. and name at least one field"
        )
    return path


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | date) and not (
        isinstance(value, float) and (math.isnan(value) or math.isinf(value))
    )


def _arguments(raw: Any, where: str, op: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise RuleSyntaxError(f"{where}: {op} takes a mapping with {', '.join(sorted(required))}")
    keys = set(raw)
    if missing := required - keys:
        raise RuleSyntaxError(f"{where}: {op} needs {', '.join(sorted(missing))}")
    if unknown := keys - required - optional:
        raise RuleSyntaxError(f"{where}: {op} does not take {', '.join(sorted(map(str, unknown)))}")
    return dict(raw)


def _whole_number(value: Any, where: str, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RuleSyntaxError(f"{where}: {name} must be a whole number from {low} to {high}")
    return value


def parse_condition(raw: Any, where: str = "condition") -> Condition:
    """Parse and check one condition; raises `RuleSyntaxError` naming the place and the problem."""
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise RuleSyntaxError(
            f"{where}: a condition is a mapping with exactly one operator, e.g. {{exists: ...}}"
        )
    ((op, argument),) = raw.items()
    if op not in OPERATORS:
        raise RuleSyntaxError(f"{where}: unknown operator {op!r} (known: {', '.join(OPERATORS)})")
    here = f"{where}.{op}"
    if op in COMPARISONS:
        args = _arguments(argument, here, op, {"field"}, {"value", "other_field"})
        if ("value" in args) == ("other_field" in args):
            raise RuleSyntaxError(f"{here}: give either value or other_field, not both or neither")
        if "other_field" in args:
            return Compare(
                op, _check_path(args["field"], here), other_field=_check_path(args["other_field"], here)
            )
        value = args["value"]
        if not _is_scalar(value):
            raise RuleSyntaxError(f"{here}: value must be text, a number, true/false or a date")
        if op not in ("eq", "ne") and (isinstance(value, bool) or not isinstance(value, int | float | date)):
            raise RuleSyntaxError(f"{here}: {op} compares numbers or dates, not {value!r}")
        return Compare(op, _check_path(args["field"], here), value=value)
    if op in MEMBERSHIP:
        args = _arguments(argument, here, op, {"field", "values"}, set())
        values = args["values"]
        if not isinstance(values, list) or not values or not all(_is_scalar(v) for v in values):
            raise RuleSyntaxError(f"{here}: values must be a non-empty list of texts, numbers or dates")
        return Compare(op, _check_path(args["field"], here), value=tuple(values))
    if op == "exists":
        return Exists(_check_path(argument, here))
    if op == "age_at_least":
        args = _arguments(argument, here, op, {"field", "years"}, set())
        return AgeAtLeast(
            _check_path(args["field"], here), _whole_number(args["years"], here, "years", 0, 150)
        )
    if op == "date_within_days":
        args = _arguments(argument, here, op, {"field", "days"}, {"direction"})
        direction = args.get("direction", "past")
        if direction not in ("past", "future"):
            raise RuleSyntaxError(f"{here}: direction is past or future, not {direction!r}")
        days = _whole_number(args["days"], here, "days", 0, 36600)
        return DateWithinDays(_check_path(args["field"], here), days, direction)
    if op in ("all", "any"):
        if not isinstance(argument, list) or not argument:
            raise RuleSyntaxError(f"{here}: {op} takes a non-empty list of conditions")
        return Combine(op, tuple(parse_condition(child, f"{here}[{i}]") for i, child in enumerate(argument)))
    return Not(parse_condition(argument, here))
