"""GuideService: what every channel asks of the service guide.

It reads the published catalogue through a repository and keeps the catalogue and its
search index cached until the repository's revision changes, so publishing shows at once
on every channel and worker without a rebuild.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from core.guide.blocks import BlockSource, resolve_catalogue
from core.guide.bundles import BundleSavings, MergedMaterial, bundle_savings, merge_materials
from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Department, Item
from core.guide.repository import CatalogueRepository
from core.guide.scan_codes import EntryTarget, resolve_entry
from core.guide.search import Glossary, SearchIndex, SearchResults


@dataclass(frozen=True)
class BundleGuide:
    bundle: Bundle
    items: list[Item]
    materials: list[MergedMaterial]
    savings: BundleSavings


@dataclass(frozen=True)
class _Snapshot:
    revision: int
    catalogue: Catalogue
    index: SearchIndex


class GuideService:
    def __init__(
        self,
        repository: CatalogueRepository,
        glossary: Glossary | None = None,
        blocks: BlockSource | None = None,
    ) -> None:
        self._repository = repository
        self._glossary = glossary
        self._blocks = blocks
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()

    def _current(self) -> _Snapshot:
        revision = self._repository.revision()
        snapshot = self._snapshot
        if snapshot is not None and snapshot.revision == revision:
            return snapshot
        with self._lock:
            if self._snapshot is None or self._snapshot.revision != revision:
                catalogue = self._repository.load()
                if self._blocks is not None:
                    # Content blocks are edited apart from guides; saving one adds a revision.
                    catalogue = resolve_catalogue(catalogue, self._blocks.blocks())
                index = SearchIndex.build(catalogue, self._glossary)
                self._snapshot = _Snapshot(revision, catalogue, index)
            return self._snapshot

    @property
    def revision(self) -> int:
        """The published catalogue revision now served: channels key their caches on it."""
        return self._current().revision

    @property
    def catalogue(self) -> Catalogue:
        return self._current().catalogue

    def search(self, query: str, limit: int = 10) -> SearchResults:
        return self._current().index.search(query, limit=limit)

    def item(self, code: str) -> Item | None:
        return self.catalogue.find_item(code)

    def department(self, code: str) -> Department | None:
        return self.catalogue.find_department(code)

    def bundle_guide(self, code: str) -> BundleGuide | None:
        catalogue = self.catalogue
        bundle = catalogue.find_bundle(code)
        if bundle is None:
            return None
        items = catalogue.bundle_items(bundle)
        return BundleGuide(bundle, items, merge_materials(items), bundle_savings(bundle, items))

    def bundles_containing(self, item_code: str) -> list[Bundle]:
        return [b for b in self.catalogue.bundles if item_code in b.items]

    def resolve_entry(self, code: str) -> EntryTarget | None:
        return resolve_entry(self.catalogue, code)
