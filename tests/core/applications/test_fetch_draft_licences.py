"""Fetching a draft's e-licences by the owner's verified ID number, looked up server-side."""

from datetime import UTC, datetime

from sqlmodel import Session

from core.db import get_engine
from core.identity.records import CitizenRecord
from core.services import drafts, fetch_draft_licences

MEDICAL = "070060001000"


def test_nothing_is_fetched_for_an_owner_without_a_verified_number(seeded_env: str) -> None:
    with Session(get_engine(seeded_env)) as session:
        session.add(CitizenRecord(id="c-new", phone="13800000001"))
        session.commit()
    draft = drafts().start("c-new", MEDICAL)
    fetch_draft_licences("c-new", draft.id, "kiosk")  # no library call: it is not even running
    assert drafts().get("c-new", draft.id).facts == {}


def test_an_unreachable_library_leaves_the_material_to_upload(seeded_env: str, monkeypatch) -> None:
    monkeypatch.setenv("YIWANG_ELICENCE_URL", "http://127.0.0.1:9")  # nothing listens there
    from core.services import reset_services
    from core.settings import get_settings

    get_settings.cache_clear()
    reset_services()
    with Session(get_engine(seeded_env)) as session:
        session.add(
            CitizenRecord(
                id="c-he",
                phone="13800000002",
                name="何永胜",
                id_number="410482196703211796",
                real_name_verified_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
        session.commit()
    draft = drafts().start("c-he", MEDICAL)
    fetch_draft_licences("c-he", draft.id, "kiosk")
    assert drafts().get("c-he", draft.id).facts["fetched"]["居民身份证"]["outcome"] == "failed"
