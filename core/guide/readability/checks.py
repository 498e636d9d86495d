"""One function per kind of finding; each returns findings placed in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.guide.readability.findings import Finding, FindingKind
from core.guide.readability.numbers import CHINESE_QUANTITY, DATE, plain_quantity, readable_date
from core.guide.readability.rules import ReadabilityRules

SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
CJK = re.compile(r"[\u4e00-\u9fff]")
EXPLAINED_AFTER = ("（", "(", "，就是", "，指", "：")


def long_sentences(text: str, rules: ReadabilityRules) -> Iterator[Finding]:
    for match in SENTENCE.finditer(text):
        sentence = match.group()
        size = len("".join(sentence.split()))
        if size > rules.long_sentence_chars:
            yield Finding(
                FindingKind.LONG_SENTENCE,
                match.start(),
                len(sentence),
                sentence.strip(),
                detail={"length": size, "limit": rules.long_sentence_chars},
            )


def _masked(text: str, words: tuple[str, ...]) -> set[int]:
    """Offsets covered by words that contain an officialese word but are fine (必须 for 须)."""
    covered: set[int] = set()
    for word in words:
        for match in re.finditer(re.escape(word), text):
            covered.update(range(match.start(), match.end()))
    return covered


def officialese(text: str, rules: ReadabilityRules) -> Iterator[Finding]:
    taken: set[int] = set()
    for word in sorted(rules.officialese, key=len, reverse=True):
        entry = rules.officialese[word]
        masked = _masked(text, entry.not_in)
        for match in re.finditer(re.escape(word), text):
            span = set(range(match.start(), match.end()))
            if span & (taken | masked):
                continue
            taken |= span
            yield Finding(FindingKind.OFFICIALESE, match.start(), len(word), word, entry.plain)


def unexplained_terms(text: str, rules: ReadabilityRules) -> Iterator[Finding]:
    """A term needs explaining where it first appears, unless an explanation follows it."""
    for term, explanation in rules.terms.items():
        start = text.find(term)
        if start < 0 or text.startswith(EXPLAINED_AFTER, start + len(term)):
            continue
        yield Finding(FindingKind.TERM, start, len(term), term, explanation)


def passives(text: str, rules: ReadabilityRules) -> Iterator[Finding]:
    masked = _masked(text, rules.passive_exceptions)
    for match in re.finditer("被", text):
        if match.start() not in masked:
            clause = text[match.start() : match.start() + 6]
            yield Finding(FindingKind.PASSIVE, match.start(), 1, clause.split("，")[0])


def number_formats(text: str, rules: ReadabilityRules) -> Iterator[Finding]:
    for match in DATE.finditer(text):
        yield Finding(
            FindingKind.NUMBER_FORMAT, match.start(), len(match.group()), match.group(), readable_date(match)
        )
    for match in CHINESE_QUANTITY.finditer(text):
        plain = plain_quantity(match.group())
        if plain is not None:
            yield Finding(FindingKind.NUMBER_FORMAT, match.start(), len(match.group()), match.group(), plain)


def rare_share(text: str, rules: ReadabilityRules) -> tuple[float, int]:
    chinese = CJK.findall(text)
    if not chinese:
        return 0.0, 0
    rare = sum(1 for char in chinese if char not in rules.common_chars)
    return rare / len(chinese), len(chinese)


def rare_characters(text: str, rules: ReadabilityRules) -> Iterator[Finding]:
    """Only when their share passes the warning level: a few are normal (户口簿)."""
    share, _count = rare_share(text, rules)
    if share <= rules.rare_share_warning:
        return
    for match in CJK.finditer(text):
        if match.group() not in rules.common_chars:
            yield Finding(
                FindingKind.RARE_CHARACTERS,
                match.start(),
                1,
                match.group(),
                detail={"share_percent": round(share * 100)},
            )
