"""Resident-facing search over the catalogue's items and bundles.

    index = SearchIndex.build(catalogue)          # glossary from data/glossary by default
    results = index.search("身份证丢了怎么办")
    results.hits[0].reasons                        # why it matched, for any channel

Queries may be colloquial Chinese questions, synonyms and old names (准生证), pinyin
("shenfenzheng") or its initials ("sfz"), homophone typos (身份正), traditional characters
(身份證) or English ("lost id card"). Items and bundles rank together.
"""

from core.guide.search.glossary import DEFAULT_GLOSSARY_DIR, Glossary, load_glossary
from core.guide.search.index import SearchIndex
from core.guide.search.results import MatchReason, SearchHit, SearchResults

__all__ = [
    "DEFAULT_GLOSSARY_DIR",
    "Glossary",
    "MatchReason",
    "SearchHit",
    "SearchIndex",
    "SearchResults",
    "load_glossary",
]
