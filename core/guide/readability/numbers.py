"""Numbers and dates written for reading: 2023-06-12 -> 2023年6月12日, 十五个 -> 15个."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "万"
MEASURES = "个|日|天|周|年|月|元|份|次|人|岁|张|页|项|小时|分钟|工作日"

DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
CHINESE_QUANTITY = re.compile(rf"(?<!第)[{NUMERAL_CHARS}]{{2,}}(?={MEASURES})")


def chinese_to_int(numeral: str) -> int | None:
    """Value of a Chinese numeral up to 万 (十五 -> 15, 两千零三 -> 2003); None if not one."""
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            section += (1 if digit is None else digit) * UNITS[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def readable_date(match: re.Match) -> str:
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


def plain_quantity(numeral: str) -> str | None:
    value = chinese_to_int(numeral)
    return None if value is None else str(value)
