"""/s/<code> opens the right page, and a forged or withdrawn code gets a clear answer."""

from fastapi.testclient import TestClient

from core.guide.catalogue import Catalogue
from yiwang.http_app import create_http_app


def test_item_code_redirects_to_its_guide(seeded_env: str, seed_catalogue: Catalogue) -> None:
    code = seed_catalogue.items[0].code
    response = TestClient(create_http_app()).get(f"/s/{code}", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == f"/item/{code}"


def test_bundle_code_redirects_to_the_bundle(seeded_env: str, seed_catalogue: Catalogue) -> None:
    code = seed_catalogue.bundles[0].code
    response = TestClient(create_http_app()).get(f"/s/{code.lower()}", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == f"/bundle/{code}"


def test_unknown_code_says_so_in_both_languages(seeded_env: str) -> None:
    response = TestClient(create_http_app()).get("/s/<img src=x onerror=alert(1)>")
    assert response.status_code == 404
    assert "不存在" in response.text and "does not open" in response.text
    assert "<img" not in response.text and "&lt;img" in response.text


def test_withdrawn_item_code_is_not_found(seeded_env: str) -> None:
    response = TestClient(create_http_app()).get("/s/999999999999", follow_redirects=False)
    assert response.status_code == 404
