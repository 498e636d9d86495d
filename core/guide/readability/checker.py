"""check_text: every check over one text, and a score out of 100 with its reasons."""

from __future__ import annotations

from collections import Counter

from core.guide.readability.checks import (
    long_sentences,
    number_formats,
    officialese,
    passives,
    rare_characters,
    rare_share,
    unexplained_terms,
)
from core.guide.readability.findings import Finding, FindingKind, Penalty, ReadabilityReport
from core.guide.readability.rules import ReadabilityRules, load_rules

CHECKS = (long_sentences, officialese, unexplained_terms, passives, number_formats, rare_characters)
MAX_TEXT = 20_000


def _penalties(findings: list[Finding], rules: ReadabilityRules) -> tuple[Penalty, ...]:
    counts = Counter(finding.kind for finding in findings)
    penalties = []
    for kind, count in counts.items():
        # Rare characters cost once for the text: each one is only highlighted.
        weight = 1 if kind is FindingKind.RARE_CHARACTERS else count
        penalties.append(Penalty(kind, count, weight * rules.penalties[kind]))
    return tuple(penalties)


def check_text(text: str, rules: ReadabilityRules | None = None) -> ReadabilityReport:
    """Check plain-language Chinese text; longer input than MAX_TEXT is checked up to it."""
    rules = rules or load_rules()
    text = (text or "")[:MAX_TEXT]
    findings = sorted(
        (finding for check in CHECKS for finding in check(text, rules)),
        key=lambda f: (f.start, f.kind.value),
    )
    penalties = _penalties(findings, rules)
    share, chinese = rare_share(text, rules)
    score = max(0, 100 - sum(p.points for p in penalties))
    return ReadabilityReport(score, tuple(findings), penalties, round(share, 4), chinese)
