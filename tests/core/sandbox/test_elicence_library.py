"""The sandbox e-licence library as a real HTTP server (start_sandbox), talked to by the real client."""

import argparse
import logging
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
import yaml

from core.integrations.elicence import LICENCE_TYPES, HttpElicenceLibrary, LicenceStatus
from core.integrations.errors import DepartmentRejected, DepartmentUnavailable
from core.sandbox import SandboxHandle, start_sandbox
from core.sandbox.elicence_library import DEFAULT_ELICENCE_FILE, ElicenceLibraryData, load_licences
from core.sandbox.population_register import DEFAULT_POPULATION_FILE
from yiwang.cli_sandbox import add_sandbox_commands

ZHANG_JIANGUO = "410402196503120134"
LI_XIUYING = "410402197207280242"
YANG_LIJUAN = "41041119951003068X"
ZHOU_HAITAO = "410422198508300913"
WANG_ZHIQIANG = "410403198001050354"
LIU_GUILAN = "41040319581119046X"  # deceased
LIN_ZIHAN = "410402201001011919"  # child, 5-year ID card issued 2020
VISITORS = {"420106199005122318", "420102198803201248"}  # live here on a 居住证
PURPOSE = "item:050040006000"
REQUESTER = "mobile"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxHandle]:
    with start_sandbox() as handle:
        yield handle


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as shared:
        yield shared


@pytest.fixture
def library(sandbox: SandboxHandle, client: httpx.Client) -> HttpElicenceLibrary:
    assert sandbox.elicence is not None
    sandbox.elicence.clear_failures()
    return HttpElicenceLibrary(client, sandbox.urls["elicence"])


def test_data_covers_the_population_register() -> None:
    residents = yaml.safe_load(DEFAULT_POPULATION_FILE.read_text(encoding="utf-8"))["residents"]
    known = {r["id_number"]: r["name"] for r in residents}
    licences = load_licences()
    for licence in licences:
        if licence.holder_id_type == "111" and licence.holder_id_number:
            assert licence.holder_id_number in known or licence.holder_id_number in VISITORS, (
                licence.licence_number
            )
            if licence.holder_id_number in known:
                assert licence.holder_name == known[licence.holder_id_number]
        for number in licence.also_for:
            assert number in known or number in VISITORS
    for number in known:
        held = {lic.licence_type for lic in licences if lic.holder_id_number == number}
        assert {"居民身份证", "居民户口簿"} <= held, known[number]
    raw_types = yaml.safe_load(DEFAULT_ELICENCE_FILE.read_text(encoding="utf-8"))["licence_types"]
    assert raw_types == {name: licence.code for name, licence in LICENCE_TYPES.items()}
    assert {
        "居民户口簿",
        "居民身份证",
        "结婚证",
        "出生医学证明",
        "不动产权证书",
        "营业执照",
        "机动车驾驶证",
    } <= {lic.licence_type for lic in licences}
    assert "中华人民共和国残疾人证" in {lic.licence_type for lic in licences}


def test_query_answers_licence_records(library: HttpElicenceLibrary) -> None:
    (card,) = library.query(ZHANG_JIANGUO, "居民身份证", PURPOSE, REQUESTER)
    assert card.licence_type == "居民身份证" and card.licence_type_code == "11100000000013127D001"
    assert (
        card.holder_name == "张建国"
        and card.holder_id_number == ZHANG_JIANGUO
        and card.holder_id_type == "111"
    )
    assert card.licence_number == ZHANG_JIANGUO
    assert card.issuing_authority == "平顶山市公安局新华分局" and len(card.issuing_authority_code) == 18
    assert card.issue_date == date(2012, 5, 20) and card.expiry_date is None  # 长期有效
    assert card.status is LicenceStatus.VALID
    assert card.surface["sex"] == "男" and card.surface["birth_date"] == "1965-03-12"
    (register,) = library.query(ZHANG_JIANGUO, "居民户口簿", PURPOSE, REQUESTER)
    assert register.surface["region_code"] == "410402" and register.surface["relation_to_head"] == "户主"
    assert library.query(ZHANG_JIANGUO, "居住证", PURPOSE, REQUESTER) == []


def test_parties_named_on_a_licence_may_fetch_it(library: HttpElicenceLibrary) -> None:
    (home,) = library.query(LI_XIUYING, "不动产权证书", PURPOSE, REQUESTER)
    assert home.holder_id_number == ZHANG_JIANGUO and home.surface["ownership"] == "共同共有"
    for parent in (YANG_LIJUAN, ZHOU_HAITAO):
        (birth,) = library.query(parent, "出生医学证明", PURPOSE, REQUESTER)
        assert birth.holder_name == "周小雨" and birth.holder_id_number == ""
        assert birth.surface["mother_id_number"] == YANG_LIJUAN
    (shop,) = library.query(WANG_ZHIQIANG, "营业执照", PURPOSE, REQUESTER)
    assert shop.holder_id_type == "001" and shop.surface["operator_name"] == "王志强"
    (marriage,) = library.query(ZHOU_HAITAO, "结婚证", PURPOSE, REQUESTER)
    assert marriage.surface["spouse_id_number"] == YANG_LIJUAN


def test_status_of_revoked_and_expired_licences(library: HttpElicenceLibrary) -> None:
    (dead,) = library.query(LIU_GUILAN, "居民身份证", PURPOSE, REQUESTER)
    assert dead.status is LicenceStatus.REVOKED
    (expired,) = library.query(LIN_ZIHAN, "居民身份证", PURPOSE, REQUESTER)
    assert expired.expiry_date == date(2025, 7, 20) and expired.status is LicenceStatus.EXPIRED


def test_expiry_is_judged_on_the_library_s_today() -> None:
    licences = [lic for lic in load_licences() if lic.holder_id_number == LIN_ZIHAN]
    before = ElicenceLibraryData(licences, today=lambda: date(2024, 1, 1))
    assert [r["status"] for r in before.query(LIN_ZIHAN, "居民身份证")] == ["valid"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {
                "holder_id_number": "41040219650312013",
                "licence_type": "居民身份证",
                "purpose": "x",
                "requester": "y",
            },
            "holder_id_number",
        ),
        (
            {"holder_id_number": ZHANG_JIANGUO, "licence_type": "护照", "purpose": "x", "requester": "y"},
            "unknown licence_type",
        ),
        ({"holder_id_number": ZHANG_JIANGUO, "licence_type": "居民身份证", "requester": "y"}, "purpose"),
        ({"holder_id_number": ZHANG_JIANGUO, "licence_type": "居民身份证", "purpose": "x"}, "requester"),
        (
            {
                "holder_id_number": ZHANG_JIANGUO,
                "licence_type": "居民身份证",
                "purpose": "x" * 65,
                "requester": "y",
            },
            "longer than 64",
        ),
    ],
)
def test_malformed_queries_are_refused(
    sandbox: SandboxHandle, client: httpx.Client, body: dict, message: str
) -> None:
    response = client.post(f"{sandbox.urls['elicence']}/licences/query", json=body)
    assert response.status_code == 422 and message in response.json()["error"]


def test_routes(sandbox: SandboxHandle, client: httpx.Client) -> None:
    assert client.get(f"{sandbox.urls['elicence']}/licences/query").status_code == 405
    assert client.post(f"{sandbox.urls['elicence']}/licences").status_code == 404


def test_rejected_query_maps_to_department_rejected(
    sandbox: SandboxHandle, client: httpx.Client, library: HttpElicenceLibrary
) -> None:
    with pytest.raises(DepartmentRejected, match="HTTP 422"):
        library.query("41040219650312013", "居民身份证", PURPOSE, REQUESTER)


def test_failure_500_for_the_next_queries(
    sandbox: SandboxHandle, client: httpx.Client, library: HttpElicenceLibrary
) -> None:
    url = f"{sandbox.urls['elicence']}/sandbox/failures"
    assert client.post(url, json={"mode": "500", "count": 2}).json()["failure"]["count"] == 2
    for _ in range(2):
        with pytest.raises(DepartmentUnavailable, match="HTTP 500"):
            library.query(ZHANG_JIANGUO, "居民身份证", PURPOSE, REQUESTER)
    assert client.get(url).json() == {"failure": None}
    assert len(library.query(ZHANG_JIANGUO, "居民身份证", PURPOSE, REQUESTER)) == 1


def test_failure_garbage(sandbox: SandboxHandle, client: httpx.Client, library: HttpElicenceLibrary) -> None:
    client.post(f"{sandbox.urls['elicence']}/sandbox/failures", json={"mode": "garbage"}).raise_for_status()
    with pytest.raises(DepartmentUnavailable, match="malformed licence record"):
        library.query(ZHANG_JIANGUO, "居民身份证", PURPOSE, REQUESTER)


def test_failure_timeout(sandbox: SandboxHandle, client: httpx.Client) -> None:
    url = f"{sandbox.urls['elicence']}/sandbox/failures"
    client.post(url, json={"mode": "timeout", "delay_seconds": 0.5}).raise_for_status()
    impatient = HttpElicenceLibrary(client, sandbox.urls["elicence"], timeout=httpx.Timeout(0.1))
    with pytest.raises(DepartmentUnavailable, match="timed out"):
        impatient.query(ZHANG_JIANGUO, "居民身份证", PURPOSE, REQUESTER)
    assert len(impatient.query(ZHANG_JIANGUO, "居民身份证", PURPOSE, REQUESTER)) == 1  # only the next one


def test_failure_clear_and_bad_control(sandbox: SandboxHandle, client: httpx.Client) -> None:
    url = f"{sandbox.urls['elicence']}/sandbox/failures"
    client.post(url, json={"mode": "500", "count": 5}).raise_for_status()
    assert client.delete(url).json() == {"failure": None}
    for body in ({"mode": "slow"}, {"mode": "500", "count": 0}, {"mode": "timeout", "delay_seconds": 60}):
        assert client.post(url, json=body).status_code == 422


def test_one_off_failure_by_query_flag(sandbox: SandboxHandle, client: httpx.Client) -> None:
    url = f"{sandbox.urls['elicence']}/licences/query"
    body = {
        "holder_id_number": ZHANG_JIANGUO,
        "licence_type": "居民身份证",
        "purpose": PURPOSE,
        "requester": "t",
    }
    assert client.post(f"{url}?fail=500", json=body).status_code == 500
    assert client.post(f"{url}?fail=garbage", json=body).json()["licences"][0]["garbled"] is True
    with pytest.raises(httpx.ReadTimeout):
        client.post(f"{url}?fail=timeout&delay=0.3", json=body, timeout=0.05)
    assert client.post(f"{url}?fail=sometimes", json=body).status_code == 422
    assert client.post(url, json=body).status_code == 200


def test_server_down_is_department_unavailable() -> None:
    handle = start_sandbox()
    url = handle.urls["elicence"]
    handle.stop()
    with httpx.Client() as client, pytest.raises(DepartmentUnavailable, match="elicence"):
        HttpElicenceLibrary(client, url).query(ZHANG_JIANGUO, "居民身份证", PURPOSE, REQUESTER)


def test_query_log_and_access_log_hold_no_id_number(
    sandbox: SandboxHandle, library: HttpElicenceLibrary, caplog: pytest.LogCaptureFixture
) -> None:
    assert sandbox.elicence is not None
    with caplog.at_level(logging.INFO, logger="core.sandbox"):
        library.query(YANG_LIJUAN, "结婚证", "application:A1", "kiosk:K-0012")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /licences/query 200" in logged
    last = sandbox.elicence.queries[-1]
    assert (last.licence_type, last.purpose, last.requester, last.found) == (
        "结婚证",
        "application:A1",
        "kiosk:K-0012",
        1,
    )
    for secret in (YANG_LIJUAN, "杨丽娟", "周海涛"):
        assert secret not in logged and secret not in repr(last)


def test_cli_serves_the_library_on_its_own_port() -> None:
    parser = argparse.ArgumentParser()
    add_sandbox_commands(parser.add_subparsers(dest="command"))
    assert parser.parse_args(["sandbox", "serve"]).elicence_port == 8734
    assert parser.parse_args(["sandbox", "serve", "--elicence-port", "9000"]).elicence_port == 9000
