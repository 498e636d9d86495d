"""Plain-language checker for Chinese guide text: findings with their place and a suggestion,
and a 0-100 score with its reasons. The word lists are data files in data/readability/."""

from core.guide.readability.checker import check_text
from core.guide.readability.findings import Finding, FindingKind, Penalty, ReadabilityReport
from core.guide.readability.rules import DEFAULT_RULES_DIR, ReadabilityRules, load_rules

__all__ = [
    "DEFAULT_RULES_DIR",
    "Finding",
    "FindingKind",
    "Penalty",
    "ReadabilityReport",
    "ReadabilityRules",
    "check_text",
    "load_rules",
]
