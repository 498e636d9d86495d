"""Loading the demo catalogue from data/ into the database, and synthetic growth."""

from __future__ import annotations

from pathlib import Path

from core.guide.catalogue import load_catalogue_dir
from core.guide.repository import CatalogueRepository
from core.guide.synthetic import synthetic_items


def seed_catalogue(repository: CatalogueRepository, directory: Path, force: bool = False) -> bool:
    """Load the YAML catalogue unless the database already holds one (or force).

    Returns whether anything was written; an existing catalogue may carry editors' work.
    """
    if repository.revision() and not force:
        return False
    repository.replace_all(load_catalogue_dir(directory), note=f"seed from {directory.name}")
    return True


def add_synthetic(repository: CatalogueRepository, count: int, seed: int = 0) -> int:
    """Grow the catalogue by generated items of realistic shape (benchmarks)."""
    items = synthetic_items(repository.load(), count, seed=seed)
    repository.add_items(items, note=f"{count} synthetic items")
    return len(items)
