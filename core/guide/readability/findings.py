"""What the checker reports: findings with their place in the text, and the score's reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FindingKind(StrEnum):
    LONG_SENTENCE = "long_sentence"
    OFFICIALESE = "officialese"
    TERM = "term"
    PASSIVE = "passive"
    NUMBER_FORMAT = "number_format"
    RARE_CHARACTERS = "rare_characters"


@dataclass(frozen=True)
class Finding:
    """One problem: `start`/`length` index characters of the checked text (Python str offsets).

    `suggestion` is data (a plain alternative, an explanation or a rewritten number); channels
    put it into a translated sentence chosen by `kind`. `detail` carries numbers such as a
    sentence's length or the limit it passed.
    """

    kind: FindingKind
    start: int
    length: int
    text: str
    suggestion: str = ""
    detail: dict[str, int] = field(default_factory=dict)

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class Penalty:
    kind: FindingKind
    count: int
    points: int


@dataclass(frozen=True)
class ReadabilityReport:
    score: int
    findings: tuple[Finding, ...]
    penalties: tuple[Penalty, ...]
    rare_share: float
    chinese_characters: int

    @property
    def warning_count(self) -> int:
        return len(self.findings)

    @property
    def reason(self) -> tuple[Penalty, ...]:
        """The penalties that cost most first: why the score is what it is."""
        return tuple(sorted(self.penalties, key=lambda p: (-p.points, p.kind.value)))
