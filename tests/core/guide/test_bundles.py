"""A bundle asks for each document once and knows what it saves."""

from core.guide.bundles import bundle_savings, default_materials, merge_materials
from core.guide.catalogue import Catalogue


def test_merged_materials_are_unique_and_complete(seed_catalogue: Catalogue) -> None:
    for bundle in seed_catalogue.bundles:
        items = seed_catalogue.bundle_items(bundle)
        merged = merge_materials(items)
        ids = [m.material.id for m in merged]
        assert len(ids) == len(set(ids)), bundle.code
        wanted = {m.id for item in items for m in default_materials(item)}
        assert set(ids) == wanted, bundle.code


def test_shared_document_is_asked_once_and_names_every_item_needing_it(seed_catalogue: Catalogue) -> None:
    shared = [
        (bundle, m)
        for bundle in seed_catalogue.bundles
        for m in merge_materials(seed_catalogue.bundle_items(bundle))
        if len(m.needed_by) > 1
    ]
    assert shared, "the seed bundles should share at least one document between items"
    bundle, merged = shared[0]
    for code in merged.needed_by:
        item = seed_catalogue.item(code)
        assert merged.material.id in {m.id for m in default_materials(item)}
        assert code in bundle.items


def test_savings_against_item_by_item(seed_catalogue: Catalogue) -> None:
    for bundle in seed_catalogue.bundles:
        items = seed_catalogue.bundle_items(bundle)
        savings = bundle_savings(bundle, items)
        assert savings.items == len(bundle.items)
        assert savings.forms_saved == len(items) - 1
        assert savings.separate_materials == sum(len(default_materials(i)) for i in items)
        assert savings.materials_saved == savings.separate_materials - len(merge_materials(items))
        assert savings.visits_saved == max(sum(i.visits for i in items) - bundle.visits, 0)
    total_saved = sum(
        bundle_savings(b, seed_catalogue.bundle_items(b)).materials_saved for b in seed_catalogue.bundles
    )
    assert total_saved > 0
