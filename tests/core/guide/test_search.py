"""SearchIndex behaviour: ranking items with bundles, reasons, suggestions, the public API."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.guide.catalogue import Catalogue
from core.guide.search import Glossary, MatchReason, SearchHit, SearchIndex, SearchResults
from core.guide.search.results import REASON_KINDS
from core.guide.search.suggest import close_spellings, near_misses


@pytest.fixture(scope="module")
def index(seed_catalogue: Catalogue) -> SearchIndex:
    return SearchIndex.build(seed_catalogue)


def top(index: SearchIndex, query: str) -> SearchHit:
    hits = index.search(query).hits
    assert hits, f"no hits for {query!r}"
    return hits[0]


def kinds(hit: SearchHit) -> set[str]:
    return {reason.kind for reason in hit.reasons}


def test_results_carry_the_query_and_respect_the_limit(index: SearchIndex) -> None:
    results = index.search("身份证", limit=2)
    assert isinstance(results, SearchResults)
    assert results.query == "身份证"
    assert 1 <= len(results.hits) <= 2
    assert results.suggestions == ()


def test_hits_are_sorted_and_fully_described(index: SearchIndex, seed_catalogue: Catalogue) -> None:
    hits = index.search("公积金").hits
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        if hit.kind == "item":
            source, department = seed_catalogue.item(hit.code), seed_catalogue.item(hit.code).department
        else:
            source, department = (
                seed_catalogue.bundle(hit.code),
                seed_catalogue.bundle(hit.code).lead_department,
            )
        assert (hit.name, hit.plain_name, hit.plain_name_en) == (
            source.name,
            source.plain_name,
            source.plain_name_en,
        )
        assert hit.department == department
        assert hit.reasons and all(r.kind in REASON_KINDS for r in hit.reasons)


def test_bundle_query_surfaces_the_bundle_first(index: SearchIndex, seed_catalogue: Catalogue) -> None:
    hit = top(index, "新生儿出生一件事")
    bundle = seed_catalogue.bundle(hit.code)
    assert hit.kind == "bundle"
    assert hit.department == bundle.lead_department


def test_items_and_bundles_rank_together(index: SearchIndex) -> None:
    found = {hit.kind for hit in index.search("开饭店", limit=5).hits}
    assert found == {"item", "bundle"}


def test_popularity_breaks_ties_between_equal_matches(seed_catalogue: Catalogue) -> None:
    item = seed_catalogue.items[0]
    twins = [item.model_copy(update={"code": f"99999999999{n}", "popularity": n * 100}) for n in (1, 5, 3)]
    catalogue = Catalogue(seed_catalogue.departments, seed_catalogue.life_events, tuple(twins), ())
    hits = SearchIndex.build(catalogue).search(item.name).hits
    assert [h.code for h in hits] == ["999999999995", "999999999993", "999999999991"]


@pytest.mark.parametrize(
    ("query", "kind", "term", "via"),
    [
        ("sfz", "initials", "身份证", "sfz"),
        ("ydjy", "initials", "异地就医", "ydjy"),
        ("shenfenzheng", "pinyin", "身份证", "shenfenzheng"),
        ("身份正", "typo", "份证", "份正"),
        ("lost id card", "english", "lost id card", ""),
        ("replace my id card", "english", "replace id card", "replace id card"),
    ],
)
def test_reasons_say_how_the_query_matched(
    index: SearchIndex, query: str, kind: str, term: str, via: str
) -> None:
    reasons = set(top(index, query).reasons)
    assert MatchReason(kind, term, via) in reasons or MatchReason(kind, term, "") in reasons, reasons


def test_literal_match_names_the_field_that_covers_the_query(index: SearchIndex) -> None:
    assert top(index, "身份证丢了怎么办").reasons == (MatchReason("keyword", "身份证丢了"),)


def test_glossary_synonyms_find_the_official_name(seed_catalogue: Catalogue) -> None:
    glossary = Glossary(synonyms={"小红本": ("无犯罪记录证明",)})
    hit = top(SearchIndex.build(seed_catalogue, glossary), "开个小红本")
    assert hit.name == "无犯罪记录证明开具"
    assert MatchReason("synonym", "无犯罪记录证明", "小红本") in hit.reasons


def test_department_names_find_their_items(index: SearchIndex) -> None:
    hits = index.search("车管所").hits
    assert hits and all(h.department == "traffic_police" for h in hits)
    assert any(MatchReason("department", "车管所") in h.reasons for h in hits)


def test_no_hits_gives_close_items_then_the_most_used(index: SearchIndex, seed_catalogue: Catalogue) -> None:
    results = index.search("宠物狗登记")
    assert results.hits == ()
    codes = [s.code for s in results.suggestions]
    assert len(codes) == len(set(codes)) == 10
    close = [s for s in results.suggestions if s.reasons]
    assert close and all("登记" in s.name for s in close)
    most_used = [i.code for i in seed_catalogue.most_used(20)]
    assert set(codes[len(close) :]) <= set(most_used)


def test_close_spellings_are_suggested(index: SearchIndex) -> None:
    results = index.search("结婚登寄表表表格格")
    names = [s.name for s in (results.hits or results.suggestions)][:3]
    assert "结婚登记" in names


def test_close_spellings_and_near_misses_are_ranked() -> None:
    found = close_spellings("结婚登己", ["结婚登记", "离婚登记", "护照"], [7, 8, 9])
    assert found[0] == (7, 0.75, MatchReason("typo", "结婚登记", "结婚登己"))
    assert 9 not in [doc for doc, _, _ in found]
    misses = near_misses({0: 0.01, 1: 0.12, 2: 0.12, 3: 0.3}, priors=[0.0, 0.0, 0.03, 0.0])
    assert misses == [(3, 0.3), (2, 0.12), (1, 0.12)]


def test_nonsense_and_empty_queries_suggest_the_most_used(
    index: SearchIndex, seed_catalogue: Catalogue
) -> None:
    for query in ("", "   ", "？？", "天气预报", "asdfgh"):
        results = index.search(query, limit=5)
        assert results.hits == ()
        assert seed_catalogue.most_used(1)[0].code in [s.code for s in results.suggestions]


def test_very_long_input_is_cut_and_still_answered(index: SearchIndex) -> None:
    results = index.search("身份证丢了怎么办" + "啊" * 5000)
    assert results.hits and results.hits[0].name == "居民身份证补领"


def test_homophone_of_an_unrelated_word_alone_is_no_hit(index: SearchIndex) -> None:
    assert index.search("天气预报").hits == ()


def test_empty_glossary_still_finds_literal_matches(seed_catalogue: Catalogue) -> None:
    bare = SearchIndex.build(seed_catalogue, Glossary())
    assert top(bare, "身份证丢了").name == "居民身份证补领"
    assert not any(h.name == "生育登记" for h in bare.search("结婚").hits[:1])


def test_results_are_frozen(index: SearchIndex) -> None:
    hit = top(index, "低保")
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.score = 0  # type: ignore[misc]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_any_text_gets_results_without_error(index: SearchIndex, query: str) -> None:
    results = index.search(query, limit=3)
    assert len(results.hits) <= 3
    assert bool(results.hits) != bool(results.suggestions)
