"""Where the published catalogue lives: the database (SqlCatalogueRepository) or memory.

Every write adds a CatalogueRevision so readers on any worker notice new content.
"""

from __future__ import annotations

import time
from typing import Protocol

from sqlalchemy import Engine, delete, func
from sqlmodel import Session, select

from core.guide.catalogue import Catalogue
from core.guide.models import Bundle, Department, Item, LifeEvent
from core.guide.records import (
    BundleRecord,
    CatalogueRevision,
    DepartmentRecord,
    ItemRecord,
    LifeEventRecord,
)


class CatalogueRepository(Protocol):
    def load(self) -> Catalogue: ...

    def revision(self) -> int: ...

    def replace_all(self, catalogue: Catalogue, note: str) -> int: ...

    def add_items(self, items: list[Item], note: str) -> int: ...

    def add_bundles(self, bundles: list[Bundle], note: str) -> int: ...


class InMemoryCatalogueRepository:
    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._revision = 1

    def load(self) -> Catalogue:
        return self._catalogue

    def revision(self) -> int:
        return self._revision

    def replace_all(self, catalogue: Catalogue, note: str) -> int:
        self._catalogue = catalogue
        self._revision += 1
        return self._revision

    def add_items(self, items: list[Item], note: str) -> int:
        current = self._catalogue
        merged = {item.code: item for item in (*current.items, *items)}
        return self.replace_all(
            Catalogue(current.departments, current.life_events, tuple(merged.values()), current.bundles),
            note,
        )

    def add_bundles(self, bundles: list[Bundle], note: str) -> int:
        current = self._catalogue
        merged = {bundle.code: bundle for bundle in (*current.bundles, *bundles)}
        return self.replace_all(
            Catalogue(current.departments, current.life_events, current.items, tuple(merged.values())), note
        )


# How long a worker trusts the revision it last read before asking the database again.
# Every catalogue read asks for it (several times per page event), so under load this one
# query was a large share of each event's database time. A write in this process is seen
# at once; other workers see it within this time.
REVISION_TTL_S = 1.0
_writes_here = 0  # catalogue writes by this process: a change makes every cached revision stale


class SqlCatalogueRepository:
    def __init__(self, engine: Engine, revision_ttl_s: float = REVISION_TTL_S) -> None:
        self._engine = engine
        self._revision_ttl_s = revision_ttl_s
        self._checked: tuple[int, float, int] | None = None  # (writes here, monotonic time, revision)

    def load(self) -> Catalogue:
        with Session(self._engine) as session:
            return Catalogue(
                departments=_rows(session, DepartmentRecord, Department, DepartmentRecord.position),
                life_events=_rows(session, LifeEventRecord, LifeEvent, LifeEventRecord.position),
                items=_rows(session, ItemRecord, Item, ItemRecord.code),
                bundles=_rows(session, BundleRecord, Bundle, BundleRecord.code),
            )

    def revision(self) -> int:
        checked = self._checked
        fresh = checked is not None and time.monotonic() - checked[1] < self._revision_ttl_s
        if checked is not None and fresh and checked[0] == _writes_here:
            return checked[2]
        writes, now = _writes_here, time.monotonic()
        with Session(self._engine) as session:
            revision = session.exec(select(func.max(CatalogueRevision.id))).one() or 0
        self._checked = (writes, now, revision)
        return revision

    def replace_all(self, catalogue: Catalogue, note: str) -> int:
        with Session(self._engine) as session:
            for table in (BundleRecord, ItemRecord, LifeEventRecord, DepartmentRecord):
                session.exec(delete(table))
            session.add_all(_department_rows(catalogue) + _life_event_rows(catalogue))
            session.add_all([_item_row(item) for item in catalogue.items])
            session.add_all([_bundle_row(bundle) for bundle in catalogue.bundles])
            return _commit_revision(session, note)

    def add_items(self, items: list[Item], note: str) -> int:
        with Session(self._engine) as session:
            for item in items:
                session.merge(_item_row(item))
            return _commit_revision(session, note)

    def add_bundles(self, bundles: list[Bundle], note: str) -> int:
        with Session(self._engine) as session:
            for bundle in bundles:
                session.merge(_bundle_row(bundle))
            return _commit_revision(session, note)


def _commit_revision(session: Session, note: str) -> int:
    global _writes_here
    revision = CatalogueRevision(note=note)
    session.add(revision)
    session.commit()
    _writes_here += 1
    return revision.id or 0


def _rows(session: Session, record, model, order) -> tuple:
    return tuple(model.model_validate(row.content) for row in session.exec(select(record).order_by(order)))


def _department_rows(catalogue: Catalogue) -> list:
    return [
        DepartmentRecord(code=d.code, position=i, content=d.model_dump(mode="json"))
        for i, d in enumerate(catalogue.departments)
    ]


def _life_event_rows(catalogue: Catalogue) -> list:
    return [
        LifeEventRecord(id=e.id, position=i, content=e.model_dump(mode="json"))
        for i, e in enumerate(catalogue.life_events)
    ]


def _item_row(item: Item) -> ItemRecord:
    return ItemRecord(
        code=item.code,
        department=item.department,
        name=item.name,
        plain_name=item.plain_name,
        popularity=item.popularity,
        content=item.model_dump(mode="json"),
    )


def _bundle_row(bundle: Bundle) -> BundleRecord:
    return BundleRecord(
        code=bundle.code, life_event=bundle.life_event, content=bundle.model_dump(mode="json")
    )
