"""GuideService over the real seeded database, and seeding that keeps editors' work."""

from core.db import get_engine
from core.guide import seeding
from core.guide.catalogue import Catalogue
from core.guide.repository import SqlCatalogueRepository
from core.services import guide_service
from core.settings import REPO_ROOT

CATALOGUE_DIR = REPO_ROOT / "data" / "catalogue"


def test_bundle_guide_merges_and_counts(seeded_env: str, seed_catalogue: Catalogue) -> None:
    service = guide_service()
    for bundle in seed_catalogue.bundles:
        guide = service.bundle_guide(bundle.code)
        assert [item.code for item in guide.items] == bundle.items
        assert guide.savings.merged_materials == len(guide.materials)
    assert service.bundle_guide("YJS999") is None


def test_item_knows_the_bundles_it_belongs_to(seeded_env: str, seed_catalogue: Catalogue) -> None:
    bundle = seed_catalogue.bundles[0]
    assert bundle in guide_service().bundles_containing(bundle.items[0])


def test_seeding_keeps_an_existing_catalogue_unless_forced(database_url: str) -> None:
    repository = SqlCatalogueRepository(get_engine(database_url))
    assert seeding.seed_catalogue(repository, CATALOGUE_DIR) is True
    assert seeding.seed_catalogue(repository, CATALOGUE_DIR) is False
    assert seeding.seed_catalogue(repository, CATALOGUE_DIR, force=True) is True
    assert repository.revision() == 2


def test_synthetic_growth_adds_valid_items(database_url: str, seed_catalogue: Catalogue) -> None:
    repository = SqlCatalogueRepository(get_engine(database_url))
    repository.replace_all(seed_catalogue, note="seed")
    assert seeding.add_synthetic(repository, 50) == 50
    assert len(repository.load().items) == len(seed_catalogue.items) + 50
