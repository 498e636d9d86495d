"""The editor's way through /auth: a staff ticket becomes the HttpOnly cookie and lands on
/editor; a refused ticket starts over at the editor login; logout clears the cookie and
returns to the editor login, and no `next` leads off our pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from core.services import session_store
from yiwang.http_app import create_http_app


@pytest.fixture
def client(seeded_env: str) -> TestClient:
    return TestClient(create_http_app())


def test_staff_ticket_lands_on_the_work_list_with_an_httponly_cookie(client: TestClient) -> None:
    ticket = session_store().issue_ticket("staff", "wang.editor", "editor")
    response = client.get(f"/auth/complete?ticket={ticket}&next=/editor", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/editor"
    cookie = response.headers["set-cookie"]
    assert "yiwang_editor_session=" in cookie and "HttpOnly" in cookie
    assert "yiwang_session=" not in cookie  # a citizen logged in in the same browser stays so
    token = response.cookies["yiwang_editor_session"]
    assert session_store().resolve(token).channel == "editor"


def test_citizen_ticket_still_sets_the_citizen_cookie(client: TestClient) -> None:
    ticket = session_store().issue_ticket("citizen", "c-1", "pc")
    response = client.get(f"/auth/complete?ticket={ticket}&next=/account", follow_redirects=False)
    assert response.cookies["yiwang_session"] and "yiwang_editor_session" not in response.cookies


def test_refused_ticket_for_the_editor_starts_over_at_the_editor_login(client: TestClient) -> None:
    response = client.get("/auth/complete?ticket=forged&next=/editor", follow_redirects=False)
    assert response.headers["location"] == "/editor/login?error=ticket"
    response = client.get("/auth/complete?ticket=forged&next=/account", follow_redirects=False)
    assert response.headers["location"] == "/login?error=ticket"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/editor", "/editor/../x"])
def test_next_never_leaves_our_pages(client: TestClient, target: str) -> None:
    ticket = session_store().issue_ticket("staff", "wang.editor", "editor")
    response = client.get("/auth/complete", params={"ticket": ticket, "next": target}, follow_redirects=False)
    assert response.headers["location"] == "/account"
    logout = client.get("/auth/logout", params={"next": target}, follow_redirects=False)
    assert logout.headers["location"] == "/"


def test_logout_ends_the_session_and_returns_to_the_editor_login(client: TestClient) -> None:
    token, _ = session_store().start("staff", "wang.editor", "editor")
    citizen, _ = session_store().start("citizen", "c-1", "pc")
    client.cookies.set("yiwang_editor_session", token)
    client.cookies.set("yiwang_session", citizen)
    response = client.get("/auth/logout?next=/editor/login", follow_redirects=False)
    assert response.headers["location"] == "/editor/login"
    cleared = response.headers["set-cookie"]
    assert cleared.startswith("yiwang_editor_session=") and "Max-Age=0" in cleared
    assert session_store().resolve(token) is None
    assert session_store().resolve(citizen) is not None  # leaving the editor keeps the citizen in
