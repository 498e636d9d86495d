"""The catalogue goes through real migrations into SQLite and back, and publishing a
change reaches readers without restarting them."""

from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.guide.repository import InMemoryCatalogueRepository, SqlCatalogueRepository
from core.guide.search import load_glossary
from core.guide.services import GuideService
from core.settings import REPO_ROOT


def test_round_trip_through_the_database(database_url: str, seed_catalogue: Catalogue) -> None:
    repository = SqlCatalogueRepository(get_engine(database_url))
    assert repository.revision() == 0
    revision = repository.replace_all(seed_catalogue, note="seed")
    assert revision == 1
    loaded = repository.load()
    assert sorted(loaded.items, key=lambda i: i.code) == sorted(seed_catalogue.items, key=lambda i: i.code)
    assert sorted(loaded.bundles, key=lambda b: b.code) == sorted(
        seed_catalogue.bundles, key=lambda b: b.code
    )
    assert [d.code for d in loaded.departments] == [d.code for d in seed_catalogue.departments]


def test_published_change_reaches_a_running_service(database_url: str, seed_catalogue: Catalogue) -> None:
    repository = SqlCatalogueRepository(get_engine(database_url))
    repository.replace_all(seed_catalogue, note="seed")
    service = GuideService(repository, load_glossary(REPO_ROOT / "data" / "glossary"))
    item = seed_catalogue.items[0]
    assert service.item(item.code).plain_name == item.plain_name

    edited = item.model_copy(update={"plain_name": "补办身份证（新写法）", "keywords": ["紫色独角兽"]})
    repository.add_items([edited], note="editor rewrote the title")

    assert service.item(item.code).plain_name == "补办身份证（新写法）"
    assert service.search("紫色独角兽").hits[0].code == item.code


def test_in_memory_repository_counts_revisions(seed_catalogue: Catalogue) -> None:
    repository = InMemoryCatalogueRepository(seed_catalogue)
    first = repository.revision()
    repository.add_items([seed_catalogue.items[0]], note="no-op edit")
    assert repository.revision() == first + 1


def _revision_from_elsewhere(database_url: str) -> None:
    """What another worker's publish looks like from here: a row this process did not write."""
    from sqlmodel import Session

    from core.guide.records import CatalogueRevision

    with Session(get_engine(database_url)) as session:
        session.add(CatalogueRevision(note="published on another worker"))
        session.commit()


def test_revision_is_reread_after_its_time_to_live(database_url: str, seed_catalogue: Catalogue) -> None:
    trusting = SqlCatalogueRepository(get_engine(database_url), revision_ttl_s=3600)
    fresh = SqlCatalogueRepository(get_engine(database_url), revision_ttl_s=0)
    assert trusting.revision() == fresh.revision() == 0
    _revision_from_elsewhere(database_url)
    assert trusting.revision() == 0  # within its time to live: no query
    assert fresh.revision() == 1


def test_a_write_in_this_process_is_seen_at_once(database_url: str, seed_catalogue: Catalogue) -> None:
    reader = SqlCatalogueRepository(get_engine(database_url), revision_ttl_s=3600)
    assert reader.revision() == 0
    SqlCatalogueRepository(get_engine(database_url)).replace_all(seed_catalogue, note="seed")
    assert reader.revision() == 1
