"""GET /print/receipt/<id>.pdf: the owner (from the HttpOnly session cookie) gets the PDF;
another citizen, a staff session or nobody gets 404. Guides are public, and `yiwang print guide`
spools them."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.db import get_engine
from core.guide.catalogue import Catalogue
from core.services import session_store
from core.settings import get_settings
from core.testing.commitments import submitted_teacher_application
from shared_ui.session import SESSION_COOKIE
from yiwang.cli import main
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


def test_an_items_guide_pdf_is_public(seeded_env: str) -> None:
    response = TestClient(create_http_app()).get("/print/guide/010120003000.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert TestClient(create_http_app()).get("/print/guide/999999999999.pdf").status_code == 404
    assert TestClient(create_http_app()).get("/print/guide/..%2Fetc.pdf").status_code == 404


def test_print_guide_command_spools_or_writes(
    seeded_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("YIWANG_PRINT_SPOOL", str(tmp_path / "spool"))
    monkeypatch.delenv("YIWANG_PRINTER", raising=False)
    get_settings.cache_clear()
    assert main(["print", "guide", "010120003000"]) == 0
    spooled = list((tmp_path / "spool").glob("*-guide.pdf"))
    assert len(spooled) == 1 and spooled[0].read_bytes().startswith(b"%PDF-")
    assert main(["print", "guide", "010120003000", "--out", str(tmp_path / "g.pdf")]) == 0
    assert (tmp_path / "g.pdf").read_bytes().startswith(b"%PDF-")
    assert main(["print", "guide", "000000000000"]) == 2
    assert "no item with code" in capsys.readouterr().err
