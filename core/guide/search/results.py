"""What a search returns: hits with their reasons, or suggestions when nothing matched."""

from __future__ import annotations

from dataclasses import dataclass

REASON_KINDS = frozenset(
    {"name", "plain_name", "keyword", "synonym", "pinyin", "initials", "typo", "english",
     "department", "summary"}
)  # fmt: skip


@dataclass(frozen=True)
class MatchReason:
    """Why a hit matched, structured so channels can translate it.

    kind: one of REASON_KINDS. term: the matched text as the catalogue has it (e.g. 生育登记,
    or the catalogue phrase 异地就医 that the initials "ydjy" stand for). via: what the
    resident typed that led there (e.g. 准生证, "ydjy"); empty when it is the term itself.
    """

    kind: str
    term: str
    via: str = ""


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "item" or "bundle"
    code: str
    name: str
    plain_name: str
    plain_name_en: str
    department: str  # Department.code (bundles: lead_department)
    score: float
    reasons: tuple[MatchReason, ...]


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[SearchHit, ...]
    # When hits is empty: close items (edit distance / partial) then the most used ones.
    suggestions: tuple[SearchHit, ...]
