"""Facts for 秒批 from the housing fund and social insurance records: fetched with consent from
the real sandbox service, logged, and enough for the declared rules to approve instantly."""

from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest

from core.applications.data_use import DataUseLog, LicenceFetcher
from core.applications.department_records import fetch_department_facts, rule_sources
from core.applications.materials import fetch_licences
from core.integrations.department_facts import HttpDepartmentFacts
from core.integrations.elicence import HttpElicenceLibrary
from core.integrations.errors import DepartmentUnavailable
from core.sandbox import SandboxHandle, start_sandbox
from core.testing.factories import make_id_number

UNEMPLOYMENT = "050050003000"
RENT = "200070001001"
WANG = "410403198001050354"  # 王志强: dismissed three weeks ago (data/sandbox/department_facts.yaml)
YANG = "41041119951003068X"  # 杨丽娟: resigned


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxHandle]:
    with start_sandbox() as handle:
        yield handle


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as shared:
        yield shared


def _unemployment_draft(drafts, owner: str, id_number: str, reason: str = "dismissed") -> str:
    draft = drafts.start(owner, UNEMPLOYMENT, "standard")
    answers = {
        "applicant_name": "王志强",
        "applicant_id_number": id_number,
        "applicant_phone": "13812345001",
        "separation_date": (date.today() - timedelta(days=21)).isoformat(),
        "separation_reason": reason,
        "seeking_work": "true",
        "bank_account": "6222021234567890123",
    }
    drafts.save_step(owner, draft.id, answers, step=1)
    return draft.id


def _fetch_all(engine, drafts, client, sandbox, catalogue, owner, id_number, draft_id):
    log = DataUseLog(engine)
    library = HttpElicenceLibrary(client, sandbox.urls["elicence"])
    fetch_licences(drafts, LicenceFetcher(library, log), catalogue, owner, id_number, draft_id)
    records = HttpDepartmentFacts(client, sandbox.urls["facts"])
    return fetch_department_facts(drafts, records, log, catalogue, owner, id_number, draft_id)


def test_the_rules_say_which_records_to_ask(drafts, seed_catalogue) -> None:
    unemployment = drafts.get("c1", drafts.start("c1", UNEMPLOYMENT, "standard").id)
    rent = drafts.get("c1", drafts.start("c1", RENT, "no_contract").id)
    assert rule_sources(seed_catalogue, unemployment) == ["social_insurance"]
    assert rule_sources(seed_catalogue, rent) == ["housing_fund", "property_register"]


def test_social_insurance_facts_let_the_unemployment_benefit_pass_instantly(
    engine, drafts, submissions, seed_catalogue, sandbox, client
) -> None:
    draft_id = _unemployment_draft(drafts, "wang", WANG)
    draft = _fetch_all(engine, drafts, client, sandbox, seed_catalogue, "wang", WANG, draft_id)
    assert draft.facts["social_insurance"]["separation_reason"] == "dismissed"
    assert draft.facts["fetched_records"] == {"social_insurance": "ok"}
    receipt = submissions.submit("wang", draft_id, "k1")
    decision = receipt.decisions[UNEMPLOYMENT]
    assert decision["outcome"] == "approved", [r["en"] for r in decision["results"] if not r["passed"]]
    logged = [(e.licence_type, e.outcome) for e in DataUseLog(engine).for_citizen("wang")]
    assert ("社会保险参保记录", "ok") in logged and WANG not in str(logged)


def test_a_resignation_on_record_goes_to_a_person(
    engine, drafts, submissions, seed_catalogue, sandbox, client
) -> None:
    draft_id = _unemployment_draft(drafts, "yang", YANG)
    _fetch_all(engine, drafts, client, sandbox, seed_catalogue, "yang", YANG, draft_id)
    decision = submissions.submit("yang", draft_id, "k1").decisions[UNEMPLOYMENT]
    assert decision["outcome"] == "to_department"
    assert "involuntary" in [r["rule"] for r in decision["results"] if not r["passed"]]


def test_no_record_and_a_service_down_are_kept_apart(engine, drafts, seed_catalogue, sandbox, client) -> None:
    unknown = make_id_number("410402", "19900101", "123")
    draft_id = _unemployment_draft(drafts, "nobody", unknown)
    records = HttpDepartmentFacts(client, sandbox.urls["facts"])
    updated = fetch_department_facts(
        drafts, records, DataUseLog(engine), seed_catalogue, "nobody", unknown, draft_id
    )
    assert updated.facts["fetched_records"] == {"social_insurance": "none_found"}
    assert "social_insurance" not in updated.facts
    down = HttpDepartmentFacts(client, "http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(DepartmentUnavailable):
        down.facts("social_insurance", unknown)
    updated = fetch_department_facts(
        drafts, down, DataUseLog(engine), seed_catalogue, "nobody", unknown, draft_id
    )
    assert updated.facts["fetched_records"] == {"social_insurance": "failed"}


def test_the_sandbox_refuses_a_bad_question(sandbox, client) -> None:
    base = sandbox.urls["facts"]
    assert client.post(f"{base}/facts", json={"source": "tax", "id_number": WANG}).status_code == 422
    assert (
        client.post(f"{base}/facts", json={"source": "social_insurance", "id_number": "1"}).status_code == 422
    )
    assert client.post(f"{base}/facts", json=["not", "an", "object"]).status_code == 422
