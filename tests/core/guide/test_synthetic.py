"""Generated catalogue items: valid, realistic, deterministic, never clashing with real codes."""

from __future__ import annotations

import re
from itertools import islice

import pytest

from core.guide.catalogue import Catalogue
from core.guide.models import ItemType
from core.guide.search import SearchIndex
from core.guide.synthetic import item_codes, synthetic_items


@pytest.fixture(scope="module")
def generated(seed_catalogue: Catalogue) -> list:
    return synthetic_items(seed_catalogue, 1200, seed=7)


def test_count_and_unique_codes_apart_from_real_ones(seed_catalogue: Catalogue, generated: list) -> None:
    codes = [item.code for item in generated]
    assert len(generated) == 1200
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"\d{12}", code) for code in codes)
    assert not set(codes) & {item.code for item in seed_catalogue.items}


def test_items_fit_the_catalogue(seed_catalogue: Catalogue, generated: list) -> None:
    merged = Catalogue(
        seed_catalogue.departments, seed_catalogue.life_events, seed_catalogue.items + tuple(generated), ()
    )  # validates departments, life events and material ids
    assert len(merged.items) == len(seed_catalogue.items) + 1200
    assert len({item.type for item in generated}) == len(ItemType)
    assert all(item.code.startswith(item.type.value) for item in generated)


def test_names_and_texts_vary(generated: list) -> None:
    assert len({item.name for item in generated}) > 1000
    assert len({item.department for item in generated}) > 10
    assert len({item.popularity for item in generated}) > 100
    assert all(item.keywords and item.summary and item.plain_name_en for item in generated)
    assert all(1 <= len(item.scenarios) <= 2 and item.scenarios[0].materials for item in generated)


def test_same_seed_same_items_other_seed_other_items(seed_catalogue: Catalogue, generated: list) -> None:
    assert synthetic_items(seed_catalogue, 1200, seed=7) == generated
    other = synthetic_items(seed_catalogue, 1200, seed=8)
    assert [i.name for i in other] != [i.name for i in generated]


def test_codes_stay_unique_at_benchmark_scale(seed_catalogue: Catalogue) -> None:
    taken = {item.code for item in seed_catalogue.items}
    codes = list(islice(item_codes(taken), 25_000))
    assert len(set(codes)) == 25_000
    assert not set(codes) & taken


def test_generated_items_are_searchable(seed_catalogue: Catalogue, generated: list) -> None:
    merged = Catalogue(seed_catalogue.departments, seed_catalogue.life_events, tuple(generated), ())
    index = SearchIndex.build(merged)
    target = generated[0]
    assert target.code in [hit.code for hit in index.search(target.name, limit=10).hits]
    assert index.search(target.plain_name_en, limit=10).hits
