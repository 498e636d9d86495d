"""A submitted 告知承诺 application to print, over a migrated database."""

import pytest

from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.testing.commitments import submitted_teacher_application


@pytest.fixture
def engine(database_url: str):
    return get_engine(database_url)


@pytest.fixture
def application_id(engine, seed_catalogue: Catalogue) -> str:
    return submitted_teacher_application(engine, seed_catalogue)
