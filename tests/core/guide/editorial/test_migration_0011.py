"""Migration 0011 moves guide drafts and versions into the tables every kind of content
shares, and back again on downgrade, without losing a version."""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine

from core.db import alembic_config

WHEN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _guide_rows(connection) -> None:
    connection.execute(
        sa.text(
            "INSERT INTO guide_draft (item_code, status, version, published_version, submitted_by,"
            " published_by, flagged, publish_reason, updated_at)"
            " VALUES ('070010001002', 'in_review', 1, 0, 'ed', '', false, '', :when)"
        ),
        {"when": WHEN},
    )
    connection.execute(
        sa.text(
            "INSERT INTO guide_version (item_code, number, author, note, content, created_at)"
            " VALUES ('070010001002', 1, 'ed', 'first', '{\"summary\": \"x\"}', :when)"
        ),
        {"when": WHEN},
    )


def test_guide_drafts_move_to_the_shared_tables_and_back(database_url: str) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "0009")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        _guide_rows(connection)
    command.upgrade(config, "0011")
    with engine.connect() as connection:
        draft = connection.execute(
            sa.text("SELECT kind, key, status, submitted_by FROM editorial_draft")
        ).all()
        version = connection.execute(sa.text("SELECT kind, key, number, note FROM editorial_version")).all()
    assert [tuple(r) for r in draft] == [("guide", "070010001002", "in_review", "ed")]
    assert [tuple(r) for r in version] == [("guide", "070010001002", 1, "first")]
    command.downgrade(config, "0009")
    with engine.connect() as connection:
        back = connection.execute(sa.text("SELECT item_code, number, note FROM guide_version")).all()
    assert [tuple(r) for r in back] == [("070010001002", 1, "first")]
    command.upgrade(config, "head")
    engine.dispose()
