"""Migrations build exactly the schema the models declare, from scratch, and go back down."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from core.db import alembic_config, metadata


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata())
    engine.dispose()
    assert diff == [], "a model changed without a migration: generate one with alembic"


def test_downgrade_to_nothing_and_back(database_url: str) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    engine = create_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert {"item", "citizen", "terminal", "used_nonce", "audit_event"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()
