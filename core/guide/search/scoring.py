"""Scoring: how much of the query each document covers, then a rerank of the best ones.

coverage (0..1) = sum over concepts of mass x best alternative's share / total mass.
final = coverage x (0.55 + 0.45 x tightness) + popularity prior (+ bundle bonus), where
tightness is how completely the document's best name-like phrase is covered by the query.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Hashable, Sequence

from core.guide.search.channels import Channels
from core.guide.search.postings import CLASS_WEIGHTS, DEPARTMENT, Postings
from core.guide.search.query import CHAR, INITIALS, SOUND, Alternative, Concept, ParsedQuery, Unit

PRIOR_WEIGHT = 0.04
DEPARTMENT_WEIGHT = CLASS_WEIGHTS[DEPARTMENT]
BUNDLE_BONUS = 0.15
TIGHT_SHARE = 0.45
MIN_COVERAGE = 0.2
RELATIVE_CUTOFF = 0.35
TYPO_ONLY_COVERAGE = 0.5


def coverage(parsed: ParsedQuery, channels: Channels) -> tuple[dict[int, float], dict[int, int]]:
    """doc -> coverage of its best plan, and doc -> index of that plan."""
    if len(parsed.plans) == 1:
        return plan_coverage(parsed.plans[0], channels), {}
    best: dict[int, float] = {}
    plan_of: dict[int, int] = {}
    for number, plan in enumerate(parsed.plans):
        for doc, value in plan_coverage(plan, channels).items():
            if value > best.get(doc, 0.0):
                best[doc] = value
                plan_of[doc] = number
    return best, plan_of


def plan_coverage(plan: Sequence[Concept], channels: Channels) -> dict[int, float]:
    total = sum(concept.mass for concept in plan)
    if total <= 0:
        return {}
    acc: dict[int, float] = {}
    for concept in sorted(plan, key=lambda c: c.refines):  # refining concepts last
        share = concept.mass / total
        scores = concept_scores(concept, channels)
        if concept.refines:
            scores = {doc: value for doc, value in scores.items() if doc in acc}
        if not acc:
            acc = {doc: share * value for doc, value in scores.items()}
            continue
        get = acc.get
        for doc, value in scores.items():
            acc[doc] = get(doc, 0.0) + share * value
    return acc


def concept_scores(concept: Concept, channels: Channels) -> dict[int, float]:
    if len(concept.alternatives) == 1 and concept.alternatives[0].factor == 1.0:
        return alternative_coverage(concept.alternatives[0], channels)
    best: dict[int, float] = {}
    for alternative in concept.alternatives:
        strict = alternative.channel == CHAR and alternative.kind != ""
        found = (
            strict_coverage(alternative, channels) if strict else alternative_coverage(alternative, channels)
        )
        for doc, value in found.items():
            value *= alternative.factor
            if value > best.get(doc, 0.0):
                best[doc] = value
    return best


def strict_coverage(alternative: Alternative, channels: Channels) -> dict[int, float]:
    """Coverage of a glossary term, cubed: it counts when it is there whole. Only documents
    holding its rarest bigram are looked at; the others could not score much anyway."""
    postings: Postings = channels.chars
    tokens = [unit[0] for unit in alternative.units]
    shares = [weight / alternative.mass for weight in alternative.weights]
    rarest = min(range(len(tokens)), key=lambda i: postings.frequency(tokens[i]))
    acc = {doc: shares[rarest] * weight for doc, weight in unit_matches(postings, (tokens[rarest],)).items()}
    for i, token in enumerate(tokens):
        if i != rarest and acc:
            entries = postings.entries(token)
            for doc in acc:
                at = bisect_left(entries, doc << 2)
                if at < len(entries) and entries[at] >> 2 == doc:
                    acc[doc] += shares[i] * CLASS_WEIGHTS[entries[at] & 3]
    return {doc: value**3 for doc, value in acc.items()}


def alternative_coverage(alternative: Alternative, channels: Channels) -> dict[int, float]:
    if alternative.channel == INITIALS:
        return channels.initials.match(alternative.term)
    postings: Postings = getattr(channels, alternative.channel)
    total = alternative.mass
    acc: dict[int, float] = {}
    for unit, weight in zip(alternative.units, alternative.weights, strict=True):
        matches = unit_matches(postings, unit)
        if alternative.channel != SOUND:
            _add_departments(matches, channels, alternative.channel, unit)
        if len(alternative.units) == 1:
            return matches
        share = weight / total
        get = acc.get
        for doc, field_weight in matches.items():
            acc[doc] = get(doc, 0.0) + share * field_weight
    return acc


def unit_matches(postings: Postings, unit: tuple[Hashable, ...]) -> dict[int, float]:
    """doc -> weight of the best field class holding any token of the unit."""
    weights = CLASS_WEIGHTS
    if len(unit) == 1:
        return {entry >> 2: weights[entry & 3] for entry in postings.entries(unit[0])}
    found: dict[int, float] = {}
    for token in unit:
        for entry in postings.entries(token):
            doc, weight = entry >> 2, weights[entry & 3]
            if weight > found.get(doc, 0.0):
                found[doc] = weight
    return found


def _add_departments(matches: dict[int, float], channels: Channels, channel: str, unit: Unit) -> None:
    """Documents whose department's name has the unit, where nothing better matched."""
    for token in unit:
        for doc in channels.departments.docs(channel, token):
            if doc not in matches:
                matches[doc] = DEPARTMENT_WEIGHT


def prior(popularity: int, top_popularity: int) -> float:
    """A small bonus for what residents use most (log-scaled, at most PRIOR_WEIGHT)."""
    return PRIOR_WEIGHT * math.log1p(popularity) / math.log1p(max(top_popularity, 1))


def candidates(scores: dict[int, float], priors: Sequence[float], size: int) -> list[int]:
    """The `size` best-covered docs; popularity breaks ties."""
    return heapq.nlargest(size, scores, key=lambda doc: scores[doc] + priors[doc])


def final_score(cover: float, tight: float, bonus: float) -> float:
    return cover * (1 - TIGHT_SHARE + TIGHT_SHARE * tight) + bonus


def trusted(cover: float, kinds: set[str]) -> bool:
    """A hit found only through guessed typos needs to cover more of the query."""
    return cover >= TYPO_ONLY_COVERAGE or bool(kinds - {"typo"})


def keep(ranked: list[tuple[float, int]], cover: dict[int, float]) -> list[tuple[float, int]]:
    """Drop weak tails: too little of the query covered, or far behind the best."""
    if not ranked:
        return []
    floor = ranked[0][0] * RELATIVE_CUTOFF
    return [(s, d) for s, d in ranked if cover[d] >= MIN_COVERAGE and s >= floor]
