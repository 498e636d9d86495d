"""Catalogue, search and guides over JSON: the same ranking as the web, ETags and 304s, gzip,
answers in the caller's language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import mobile_api.caching
from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.guide.repository import SqlCatalogueRepository
from core.services import guide_service
from core.settings import get_settings
from tests.mobile_api.conftest import V1

RENT = "200070001001"


def test_home_catalogue_lists_life_events_most_used_bundles_and_departments(client: TestClient) -> None:
    home = client.get(f"{V1}/catalogue").json()
    catalogue = guide_service().catalogue
    assert [e["id"] for e in home["life_events"]] == [e.id for e in catalogue.life_events]
    assert [i["code"] for i in home["most_used"]] == [i.code for i in catalogue.most_used(8)]
    assert {b["code"] for b in home["bundles"]} == {b.code for b in catalogue.bundles}
    assert len(home["departments"]) == len(catalogue.departments)


def test_search_ranks_exactly_as_the_core_engine(client: TestClient) -> None:
    for query in ("办准生证", "身份证丢了怎么办", "gjj", "lost id card"):
        answer = client.get(f"{V1}/search", params={"q": query}).json()
        expected = [h.code for h in guide_service().search(query).hits]
        assert [h["code"] for h in answer["hits"]] == expected
        assert expected, query
    assert client.get(f"{V1}/search", params={"q": "办准生证"}).json()["hits"][0]["reasons"]


def test_item_guide_is_plain_language_first_with_the_scenarios_materials(client: TestClient) -> None:
    item = guide_service().item(RENT)
    guide = client.get(f"{V1}/items/{RENT}").json()
    assert guide["title"] == item.plain_name and guide["official_name"] == item.name
    assert list(guide)[:3] == ["code", "title", "official_name"]
    assert guide["scenario"]["id"] == item.scenarios[0].id
    other = item.scenarios[1]
    chosen = client.get(f"{V1}/items/{RENT}", params={"scenario": other.id}).json()
    assert [m["id"] for m in chosen["materials"]] == [m.id for m in other.materials]
    assert guide["entry_url"].endswith(f"/s/{RENT}")
    assert (
        client.get(f"{V1}/items/{RENT}", params={"scenario": "nope"}).json()["code"] == "scenario_not_found"
    )


def test_bundle_guide_merges_materials_once(client: TestClient) -> None:
    guide = client.get(f"{V1}/bundles/YJS001").json()
    ids = [m["id"] for m in guide["materials"]]
    assert len(ids) == len(set(ids)) and guide["savings"]["items"] == len(guide["items"]) >= 2


def test_guides_carry_an_etag_and_answer_304_when_unchanged(client: TestClient) -> None:
    first = client.get(f"{V1}/items/{RENT}")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = client.get(f"{V1}/items/{RENT}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    changed = client.get(f"{V1}/items/{RENT}", headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200


def test_english_callers_get_english_content_and_a_different_etag(client: TestClient) -> None:
    zh = client.get(f"{V1}/items/{RENT}")
    en = client.get(f"{V1}/items/{RENT}", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert en.json()["title"] == guide_service().item(RENT).plain_name_en
    assert en.headers["etag"] != zh.headers["etag"] and "Accept-Language" in en.headers["vary"]


def test_large_payloads_are_gzipped(client: TestClient) -> None:
    answer = client.get(f"{V1}/catalogue", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"


def test_unknown_things_are_problem_details_in_the_callers_language(client: TestClient) -> None:
    zh = client.get(f"{V1}/items/999999999999")
    assert zh.status_code == 404 and zh.headers["content-type"] == "application/problem+json"
    assert zh.json()["code"] == "item_not_found" and zh.json()["title"] == "没有找到这个事项"
    en = client.get(f"{V1}/items/999999999999", headers={"Accept-Language": "en"}).json()
    assert en["title"] == "No such service" and en["status"] == 404
    assert client.get(f"{V1}/bundles/YJS999").json()["code"] == "bundle_not_found"
    bad = client.get(f"{V1}/search", params={"q": ""})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request" and "q" in bad.json()["errors"]


def test_department_items_page_with_a_cursor(client: TestClient) -> None:
    department = max(
        guide_service().catalogue.departments,
        key=lambda d: len(guide_service().catalogue.items_of_department(d.code)),
    )
    expected = [i.code for i in guide_service().catalogue.items_of_department(department.code)]
    seen, cursor = [], ""
    while True:
        page = client.get(f"{V1}/departments/{department.code}", params={"limit": 2, "cursor": cursor}).json()
        seen += [i["code"] for i in page["items"]]
        cursor = page["page"].get("next_cursor")
        if not cursor:
            break
    assert seen == expected and len(expected) > 2
    bad = client.get(f"{V1}/departments/{department.code}", params={"cursor": "!!"})
    assert bad.status_code == 422


def test_a_publication_changes_the_guide_and_its_etag(
    client: TestClient, seed_catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mobile_api.caching, "REVISION_TTL_S", 0.0)
    before = client.get(f"{V1}/items/{RENT}")
    item = seed_catalogue.item(RENT)
    edited = item.model_copy(update={"plain_name": "租房了想取公积金"})
    items = tuple(edited if i.code == RENT else i for i in seed_catalogue.items)
    catalogue = Catalogue(
        seed_catalogue.departments, seed_catalogue.life_events, items, seed_catalogue.bundles
    )
    SqlCatalogueRepository(get_engine(get_settings().database_url)).replace_all(catalogue, note="edit")
    after = client.get(f"{V1}/items/{RENT}", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.json()["title"] == "租房了想取公积金"
    assert after.headers["etag"] != before.headers["etag"]
