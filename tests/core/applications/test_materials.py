"""Fetching e-licences for a draft: with consent only, logged, kept as facts for the rules,
and a library that is down loses nothing (the material falls back to an upload)."""

from datetime import date

import pytest

from core.applications.data_use import DataUseLog, LicenceFetcher
from core.applications.drafts import Drafts
from core.applications.materials import checklist, fetch_licences
from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.integrations.elicence import InMemoryElicenceLibrary, LicenceRecord, LicenceStatus
from core.integrations.errors import DepartmentUnavailable
from core.testing.factories import make_id_number

RENT = "200070001001"
HOLDER = make_id_number("410411", "19900620", "057")


def _id_card() -> LicenceRecord:
    return LicenceRecord(
        licence_id="L1",
        licence_type_code="11100000000013127D001",
        licence_type="居民身份证",
        licence_number=HOLDER,
        holder_name="陈晓明",
        holder_id_type="111",
        holder_id_number=HOLDER,
        issuing_authority="平顶山市公安局湛河分局",
        issuing_authority_code="",
        issue_date=date(2020, 1, 2),
        expiry_date=date(2040, 1, 2),
        status=LicenceStatus.VALID,
    )


@pytest.fixture
def setup(database_url: str, seed_catalogue: Catalogue):
    engine = get_engine(database_url)
    drafts = Drafts(engine, seed_catalogue)
    draft = drafts.start("c1", RENT, "no_contract")
    return engine, drafts, draft


def test_fetched_licences_become_facts_and_checklist_lines(setup, seed_catalogue: Catalogue) -> None:
    engine, drafts, draft = setup
    fetcher = LicenceFetcher(InMemoryElicenceLibrary([_id_card()]), DataUseLog(engine))
    updated = fetch_licences(drafts, fetcher, seed_catalogue, "c1", HOLDER, draft.id)
    assert updated.facts["elicence"]["居民身份证"]["holder_id_number"] == HOLDER
    lines = {line.material.id: line for line in checklist(seed_catalogue, updated)}
    assert lines["resident_id_card"].fetched == "ok"
    assert "湛河分局" in lines["resident_id_card"].detail
    assert lines["bank_card"].fetched == ""
    assert [e.licence_type for e in DataUseLog(engine).for_citizen("c1")] == ["居民身份证"]


def test_library_down_marks_failed_and_keeps_answers(setup, seed_catalogue: Catalogue) -> None:
    engine, drafts, draft = setup
    drafts.save_step("c1", draft.id, {"monthly_rent": "1200"}, step=1)
    down = InMemoryElicenceLibrary(failure=DepartmentUnavailable("elicence", "timeout"))
    updated = fetch_licences(
        drafts, LicenceFetcher(down, DataUseLog(engine)), seed_catalogue, "c1", HOLDER, draft.id
    )
    assert updated.answers == {"monthly_rent": 1200}
    lines = {line.material.id: line for line in checklist(seed_catalogue, updated)}
    assert lines["resident_id_card"].fetched == "failed"
    assert [e.outcome for e in DataUseLog(engine).for_citizen("c1")] == ["failed"]


def test_an_upload_provides_a_material_of_the_draft_only(setup, seed_catalogue: Catalogue) -> None:
    from core.applications.materials import attach_upload

    _engine, drafts, draft = setup
    updated = attach_upload(drafts, seed_catalogue, "c1", draft.id, "resident_id_card", "u1", "身份证.png")
    lines = {line.material.id: line for line in checklist(seed_catalogue, updated)}
    assert (lines["resident_id_card"].fetched, lines["resident_id_card"].detail) == ("uploaded", "身份证.png")
    with pytest.raises(KeyError):
        attach_upload(drafts, seed_catalogue, "c1", draft.id, "marriage_certificate", "u2", "x.png")
