"""SearchIndex: built once from a Catalogue, answers queries in milliseconds."""

from __future__ import annotations

import heapq
from functools import cache, lru_cache

from core.guide.catalogue import Catalogue
from core.guide.search import pinyin, scoring
from core.guide.search.builder import build_channels
from core.guide.search.channels import Channels
from core.guide.search.documents import Doc, documents, fields
from core.guide.search.explain import reasons
from core.guide.search.glossary import Glossary, load_glossary
from core.guide.search.lexicon import Lexicon
from core.guide.search.postings import NAME
from core.guide.search.query import ParsedQuery, parse
from core.guide.search.results import MatchReason, SearchHit, SearchResults
from core.guide.search.suggest import close_spellings, near_misses
from core.guide.search.views import DocView, QuerySets, doc_view, tightness

POOL_MIN = 24  # candidates reranked at least
MOST_USED = 50  # kept ready for suggestions


@cache
def default_glossary() -> Glossary:
    return load_glossary()


class SearchIndex:
    def __init__(self, catalogue: Catalogue, lexicon: Lexicon, docs: list[Doc], channels: Channels) -> None:
        self._catalogue = catalogue
        self._lexicon = lexicon
        self._docs = docs
        self._channels = channels
        top = max((d.source.popularity for d in docs), default=0)
        self._priors = [scoring.prior(d.source.popularity, top) for d in docs]
        owners: dict[str, int] = {}  # name or plain name -> its most used document
        for number in sorted(range(len(docs)), key=lambda n: -docs[n].source.popularity):
            for text in (docs[number].source.name, docs[number].source.plain_name):
                owners.setdefault(lexicon.normalise(text), number)
        self._choices, self._owners = list(owners), list(owners.values())
        items = [number for number, doc in enumerate(docs) if doc.kind == "item"]
        self._most_used = heapq.nsmallest(MOST_USED, items, key=lambda n: (-docs[n].source.popularity, n))
        self._names = lru_cache(maxsize=4096)(self._make_names)  # for reranking
        self._views = lru_cache(maxsize=1024)(self._make_views)  # for reasons

    @classmethod
    def build(cls, catalogue: Catalogue, glossary: Glossary | None = None) -> SearchIndex:
        lexicon = Lexicon(glossary if glossary is not None else default_glossary())
        docs = documents(catalogue)
        channels = build_channels(catalogue, docs, lexicon)
        pinyin.warm()
        return cls(catalogue, lexicon, docs, channels)

    def search(self, query: str, limit: int = 10) -> SearchResults:
        parsed = parse(query, self._lexicon, self._channels)
        cover, plan_of = scoring.coverage(parsed, self._channels)
        ranked = self._rank(parsed, cover, limit)
        if not ranked:
            return SearchResults(query, (), self._suggest(parsed, cover, limit))
        hits = []
        for score, doc in ranked:
            why = reasons(self._views(doc), parsed.plans[plan_of.get(doc, 0)], parsed.core)
            if scoring.trusted(cover[doc], {reason.kind for reason in why}):
                hits.append(self._hit(doc, score, why))
        if not hits:
            return SearchResults(query, (), self._suggest(parsed, cover, limit))
        return SearchResults(query, tuple(hits), ())

    def _rank(self, parsed: ParsedQuery, cover: dict[int, float], limit: int) -> list[tuple[float, int]]:
        query = QuerySets.of(parsed, self._channels)
        ranked = []
        for doc in scoring.candidates(cover, self._priors, max(2 * limit, POOL_MIN)):
            tight = tightness(self._names(doc), query, self._channels)
            bonus = self._priors[doc]
            if parsed.wants_bundle and self._docs[doc].kind == "bundle":
                bonus += scoring.BUNDLE_BONUS
            ranked.append((scoring.final_score(cover[doc], tight, bonus), doc))
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        return scoring.keep(ranked, cover)[:limit]

    def _suggest(self, parsed: ParsedQuery, cover: dict[int, float], limit: int) -> tuple[SearchHit, ...]:
        picked: dict[int, SearchHit] = {}
        for doc, value in near_misses(cover, self._priors):
            plan = parsed.plans[0] if parsed.plans else ()
            picked[doc] = self._hit(doc, value, reasons(self._views(doc), plan, parsed.core))
        for doc, value, reason in close_spellings(parsed.core, self._choices, self._owners):
            picked.setdefault(doc, self._hit(doc, value, (reason,)))
        ordered = sorted(picked.values(), key=lambda hit: -hit.score)
        codes = {hit.code for hit in ordered}
        for doc in self._most_used:
            if len(ordered) >= limit:
                break
            if self._docs[doc].source.code not in codes:
                ordered.append(self._hit(doc, 0.0, ()))
        return tuple(ordered[:limit])

    def _make_names(self, doc: int) -> DocView:
        entries = (f for f in fields(self._docs[doc], self._catalogue) if f.field_class == NAME)
        return doc_view(entries, self._lexicon, self._channels)

    def _make_views(self, doc: int) -> DocView:
        others = (f for f in fields(self._docs[doc], self._catalogue) if f.field_class != NAME)
        rest = doc_view(others, self._lexicon, self._channels)
        return DocView(self._names(doc).fields + rest.fields)

    def _hit(self, doc: int, score: float, why: tuple[MatchReason, ...]) -> SearchHit:
        entry = self._docs[doc]
        source = entry.source
        return SearchHit(
            kind=entry.kind, code=source.code, name=source.name, plain_name=source.plain_name,
            plain_name_en=source.plain_name_en, department=entry.department,
            score=round(score, 4), reasons=why,
        )  # fmt: skip
