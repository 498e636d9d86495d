"""`make run` in development: one click pairs a browser with a demo kiosk or bank terminal,
registered once; in prod the route does not exist."""

from __future__ import annotations

import argparse

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.audit import AuditEvent
from core.db import get_engine
from core.services import reset_services, terminal_registry
from core.settings import get_settings
from shared_ui.session import TERMINAL_COOKIE
from yiwang.cli_serve import _print_urls
from yiwang.http_app import create_http_app


def _registrations() -> list[AuditEvent]:
    with Session(get_engine(get_settings().database_url)) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == "terminal.register")))


@pytest.mark.parametrize(("kind", "screen"), [("kiosk", "/kiosk"), ("bank", "/bank")])
def test_one_click_pairs_the_browser_with_the_demo_terminal(seeded_env: str, kind: str, screen: str) -> None:
    client = TestClient(create_http_app())
    for _ in range(2):  # a second browser, or the same one again: the same demo terminal
        link = client.get(f"/dev/pair/{kind}", follow_redirects=False)
        assert link.status_code == 303 and link.headers["location"].startswith("/terminal/pair/")
        opened = client.get(link.headers["location"], follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == screen
        assert TERMINAL_COOKIE in opened.cookies
        assert client.get(link.headers["location"], follow_redirects=False).status_code == 403  # single use
    assert [t.id for t in terminal_registry().list()] == [f"{kind}-demo"]
    assert len(_registrations()) == 1


def test_a_revoked_demo_terminal_is_not_paired(seeded_env: str) -> None:
    client = TestClient(create_http_app())
    client.get("/dev/pair/kiosk", follow_redirects=False)
    terminal_registry().revoke("kiosk-demo")
    assert client.get("/dev/pair/kiosk", follow_redirects=False).status_code == 403
    assert client.get("/dev/pair/editor", follow_redirects=False).status_code == 404


def test_prod_has_no_one_click_pairing(seeded_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    dev_app = create_http_app()  # built in dev: the route refuses once the environment is prod
    monkeypatch.setenv("YIWANG_ENV", "prod")
    monkeypatch.setenv("YIWANG_SECRET_KEY", "a-prod-secret")
    monkeypatch.setenv("YIWANG_OIDC_CLIENT_SECRET", "a-prod-oidc-secret")
    get_settings.cache_clear()
    reset_services()
    for app in (create_http_app(), dev_app):
        response = TestClient(app).get("/dev/pair/kiosk", follow_redirects=False)
        assert response.status_code == 404
    assert terminal_registry().list() == [] and _registrations() == []


def test_serve_prints_the_one_click_links_in_development_only(capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(no_sandbox=True)
    _print_urls("http://localhost:3000", args, "dev")
    printed = capsys.readouterr().out
    assert "http://localhost:3000/dev/pair/kiosk" in printed and "/dev/pair/bank" in printed
    _print_urls("http://localhost:3000", args, "prod")
    assert "/dev/pair/" not in capsys.readouterr().out
