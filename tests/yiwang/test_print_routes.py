"""GET /print/receipt/<id>.pdf: the owner (from the HttpOnly session cookie) gets the PDF;
another citizen, a staff session or nobody gets 404."""

import pytest
from fastapi.testclient import TestClient

from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.services import session_store
from core.testing.commitments import submitted_teacher_application
from shared_ui.session import SESSION_COOKIE
from yiwang.http_app import create_http_app


@pytest.fixture
def application_id(seeded_env: str, seed_catalogue: Catalogue) -> str:
    return submitted_teacher_application(get_engine(seeded_env), seed_catalogue)


def _client(subject_kind: str = "", subject_id: str = "") -> TestClient:
    client = TestClient(create_http_app())
    if subject_kind:
        token, _ = session_store().start(subject_kind, subject_id, "pc")
        client.cookies.set(SESSION_COOKIE, token)
    return client


def test_the_owner_downloads_the_receipt_pdf(application_id: str) -> None:
    response = _client("citizen", "alice").get(f"/print/receipt/{application_id}.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("kind", "subject"), [("", ""), ("citizen", "mallory"), ("staff", "alice")])
def test_anyone_else_gets_not_found(application_id: str, kind: str, subject: str) -> None:
    response = _client(kind, subject).get(f"/print/receipt/{application_id}.pdf")
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF-")


def test_an_unknown_application_is_not_found(application_id: str) -> None:
    assert _client("citizen", "alice").get("/print/receipt/" + "0" * 32 + ".pdf").status_code == 404
