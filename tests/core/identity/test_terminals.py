"""Terminal credentials: registration, signed requests and every refusal, httpx signing
through a mock transport, audit, and `yiwang terminals add|list|revoke`."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

import yiwang.cli_terminals as cli_terminals
from core.audit import AuditLog
from core.identity.nonces import InMemoryNonceStore, SqlNonceStore
from core.identity.terminal_records import TerminalRecord
from core.identity.terminals import (
    H_CONTENT,
    H_NONCE,
    H_SIGNATURE,
    H_TERMINAL,
    H_TIMESTAMP,
    TerminalAuth,
    TerminalAuthError,
    TerminalRegistry,
    decode_key,
    sign_request,
)

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
SECRET = "terminal-test-secret-0123456789"
SITE = "新华区政务服务中心"
PATH = "/api/partner/v1/identify?lang=zh"
BODY = json.dumps({"code": "YW1.E.K1.X"}).encode()


@pytest.fixture
def audit(engine: Engine) -> AuditLog:
    return AuditLog(engine)


@pytest.fixture
def registry(engine: Engine, audit: AuditLog) -> TerminalRegistry:
    return TerminalRegistry(engine, SqlNonceStore(engine), audit=audit, secret_key=SECRET)


@pytest.fixture
def kiosk(registry: TerminalRegistry) -> tuple[str, str]:
    new = registry.register("kiosk", SITE, "kiosk-xinhua-01", now=T0 - timedelta(days=1), actor="ops")
    return new.terminal.id, new.key


def refused(
    registry: TerminalRegistry,
    headers: dict[str, str],
    *,
    method: str = "POST",
    path: str = PATH,
    body: bytes = BODY,
    now: datetime = T0,
) -> str:
    with pytest.raises(TerminalAuthError) as caught:
        registry.verify_request(method, path, body, headers, now)
    return caught.value.code


# --- registration ------------------------------------------------------------------------


def test_register_shows_a_32_byte_key_once_and_stores_none(
    registry: TerminalRegistry, engine: Engine, kiosk: tuple[str, str]
) -> None:
    terminal_id, key = kiosk
    assert len(decode_key(key)) == 32
    terminal = registry.get(terminal_id)
    assert terminal is not None
    assert (terminal.kind, terminal.site, terminal.revoked) == ("kiosk", SITE, False)
    assert terminal.created_at == T0 - timedelta(days=1)
    with Session(engine) as session:
        row = session.exec(select(TerminalRecord)).one()
    stored = repr(row.model_dump())
    assert key not in stored and decode_key(key).hex() not in stored


def test_register_generates_ids_and_validates(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    bank = registry.register("bank", "工商银行新华支行 (0102)").terminal
    assert bank.id.startswith("bank-") and bank.kind == "bank"
    assert [t.id for t in registry.list()] == sorted([bank.id, "kiosk-xinhua-01"])
    with pytest.raises(ValueError, match="already exists"):
        registry.register("kiosk", SITE, "kiosk-xinhua-01")
    for kind, site, terminal_id in [
        ("pc", SITE, None),
        ("kiosk", " ", None),
        ("kiosk", SITE, "Kiosk 1"),
        ("kiosk", SITE, "k"),
    ]:
        with pytest.raises(ValueError):
            registry.register(kind, site, terminal_id)


def test_each_registration_gets_a_different_key(registry: TerminalRegistry) -> None:
    keys = {registry.register("kiosk", SITE).key for _ in range(5)}
    assert len(keys) == 5


# --- signed requests ---------------------------------------------------------------------


def test_valid_request(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    terminal_id, key = kiosk
    headers = sign_request(terminal_id, key, "POST", PATH, BODY, T0)
    assert set(headers) == {H_TERMINAL, H_TIMESTAMP, H_NONCE, H_CONTENT, H_SIGNATURE}
    terminal = registry.verify_request("post", PATH, BODY, headers, T0 + timedelta(seconds=3))
    assert (terminal.id, terminal.kind, terminal.site) == (terminal_id, "kiosk", SITE)


def test_header_names_are_case_insensitive(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    headers = {k.lower(): v for k, v in sign_request(*kiosk, "GET", "/status", b"", T0).items()}
    assert registry.verify_request("GET", "/status", b"", headers, T0).id == kiosk[0]


def test_body_tampered(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    headers = sign_request(*kiosk, "POST", PATH, BODY, T0)
    assert refused(registry, headers, body=BODY.replace(b"K1", b"K2")) == "body_mismatch"
    assert refused(registry, headers, body=b"") == "body_mismatch"


def test_signed_parts_tampered(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    headers = sign_request(*kiosk, "POST", PATH, BODY, T0)
    assert refused(registry, headers, method="PUT") == "bad_signature"
    assert refused(registry, headers, path="/api/partner/v1/identify?lang=en") == "bad_signature"
    assert refused(registry, {**headers, H_TIMESTAMP: str(int(T0.timestamp()) + 1)}) == "bad_signature"
    assert refused(registry, {**headers, H_NONCE: "another-nonce-12345678"}) == "bad_signature"
    other_hash = sign_request(*kiosk, "POST", PATH, b"{}", T0)[H_CONTENT]
    assert refused(registry, {**headers, H_CONTENT: other_hash}) == "bad_signature"
    flipped = headers[H_SIGNATURE][:-1] + ("0" if headers[H_SIGNATURE][-1] != "0" else "1")
    assert refused(registry, {**headers, H_SIGNATURE: flipped}) == "bad_signature"
    # the tampered attempts did not burn the nonce
    assert registry.verify_request("POST", PATH, BODY, headers, T0).id == kiosk[0]


def test_key_of_another_terminal_or_server(
    registry: TerminalRegistry, engine: Engine, kiosk: tuple[str, str]
) -> None:
    other = registry.register("bank", "某银行", "bank-branch-0102")
    headers = sign_request(kiosk[0], other.key, "POST", PATH, BODY, T0)
    assert refused(registry, headers) == "bad_signature"
    elsewhere = TerminalRegistry(engine, InMemoryNonceStore(), secret_key="a-different-server-secret")
    assert refused(elsewhere, sign_request(*kiosk, "POST", PATH, BODY, T0)) == "bad_signature"


def test_replayed(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    headers = sign_request(*kiosk, "POST", PATH, BODY, T0)
    registry.verify_request("POST", PATH, BODY, headers, T0)
    assert refused(registry, headers, now=T0 + timedelta(seconds=1)) == "replayed"
    # same nonce on another terminal is another request
    bank = registry.register("bank", "某银行", "bank-branch-0102")
    same_nonce = sign_request(bank.terminal.id, bank.key, "POST", PATH, BODY, T0, nonce=headers[H_NONCE])
    assert registry.verify_request("POST", PATH, BODY, same_nonce, T0).id == "bank-branch-0102"


def test_replay_after_the_window_is_refused_as_clock_skew(
    registry: TerminalRegistry, kiosk: tuple[str, str]
) -> None:
    headers = sign_request(*kiosk, "POST", PATH, BODY, T0)
    registry.verify_request("POST", PATH, BODY, headers, T0)
    assert refused(registry, headers, now=T0 + timedelta(seconds=121)) == "clock_skew"


@pytest.mark.parametrize(("offset", "accepted"), [(-121, False), (-120, True), (119, True), (121, False)])
def test_clock_skew(registry: TerminalRegistry, kiosk: tuple[str, str], offset: int, accepted: bool) -> None:
    headers = sign_request(*kiosk, "POST", PATH, BODY, T0 + timedelta(seconds=offset))
    if accepted:
        assert registry.verify_request("POST", PATH, BODY, headers, T0).id == kiosk[0]
    else:
        assert refused(registry, headers) == "clock_skew"


def test_revoked(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    before = sign_request(*kiosk, "POST", PATH, BODY, T0)
    revoked = registry.revoke(kiosk[0], now=T0 - timedelta(seconds=5))
    assert revoked.revoked and revoked.revoked_at == T0 - timedelta(seconds=5)
    assert refused(registry, before) == "revoked"
    assert refused(registry, sign_request(*kiosk, "POST", PATH, BODY, T0)) == "revoked"
    assert registry.revoke(kiosk[0], now=T0).revoked_at == T0 - timedelta(seconds=5)
    with pytest.raises(KeyError):
        registry.revoke("kiosk-nowhere-99")


def test_unknown_terminal(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    headers = sign_request("kiosk-nowhere-99", kiosk[1], "POST", PATH, BODY, T0)
    assert refused(registry, headers) == "unknown_terminal"
    assert refused(registry, {**headers, H_TERMINAL: "../../etc/passwd"}) == "unknown_terminal"


@pytest.mark.parametrize("header", [H_TERMINAL, H_TIMESTAMP, H_NONCE, H_CONTENT, H_SIGNATURE])
def test_missing_header(registry: TerminalRegistry, kiosk: tuple[str, str], header: str) -> None:
    headers = sign_request(*kiosk, "POST", PATH, BODY, T0)
    del headers[header]
    assert refused(registry, headers) == "missing_header"
    assert refused(registry, {**headers, header: ""}) == "missing_header"


@pytest.mark.parametrize(
    ("header", "value"),
    [
        (H_TIMESTAMP, "yesterday"),
        (H_TIMESTAMP, "1" * 30),
        (H_TIMESTAMP, "-5"),
        (H_NONCE, "short"),
        (H_NONCE, "has spaces in it, 1234"),
        (H_CONTENT, "abc"),
    ],
)
def test_malformed_header(
    registry: TerminalRegistry, kiosk: tuple[str, str], header: str, value: str
) -> None:
    headers = {**sign_request(*kiosk, "POST", PATH, BODY, T0), header: value}
    assert refused(registry, headers) == "missing_header"


def test_refused_requests_and_registry_changes_are_audited(
    registry: TerminalRegistry, audit: AuditLog, kiosk: tuple[str, str]
) -> None:
    headers = sign_request(*kiosk, "POST", PATH, BODY, T0)
    refused(registry, headers, body=b"tampered")
    registry.verify_request("POST", PATH, BODY, headers, T0)
    refused(registry, headers)
    registry.revoke(kiosk[0], actor="ops")
    body_event, replay_event = reversed(audit.events("terminal.request"))
    assert (body_event.outcome, body_event.terminal, body_event.detail["reason"]) == (
        "refused",
        kiosk[0],
        "body_mismatch",
    )
    assert replay_event.detail["reason"] == "replayed"
    assert replay_event.detail["path"] == "/api/partner/v1/identify"  # no query string
    assert replay_event.detail["method"] == "POST"
    assert [(e.action, e.actor, e.terminal) for e in reversed(audit.events("terminal.re"))] == [
        ("terminal.register", "ops", kiosk[0]),
        ("terminal.request", "", kiosk[0]),
        ("terminal.request", "", kiosk[0]),
        ("terminal.revoke", "ops", kiosk[0]),
    ]
    for event in audit.events():
        assert kiosk[1] not in repr(event.model_dump()) and headers[H_SIGNATURE] not in repr(
            event.model_dump()
        )


# --- httpx -------------------------------------------------------------------------------


def _server(registry: TerminalRegistry, now: datetime, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        try:
            terminal = registry.verify_request(
                request.method, request.url.raw_path.decode(), request.content, request.headers, now
            )
        except TerminalAuthError as error:
            return httpx.Response(401, json={"error": error.code})
        return httpx.Response(200, json={"terminal": terminal.id, "site": terminal.site})

    return httpx.MockTransport(handle)


def test_terminal_auth_signs_every_httpx_request(registry: TerminalRegistry, kiosk: tuple[str, str]) -> None:
    seen: list[httpx.Request] = []
    auth = TerminalAuth(*kiosk, clock=lambda: T0)
    with httpx.Client(
        transport=_server(registry, T0, seen), auth=auth, base_url="https://yiwang.test"
    ) as client:
        first = client.post(
            "/api/partner/v1/identify", params={"lang": "zh", "q": "新华 区"}, json={"code": "YW1.E.K1.X"}
        )
        second = client.get("/api/partner/v1/status/SQ1")
        third = client.post(
            "/api/partner/v1/identify", params={"lang": "zh", "q": "新华 区"}, json={"code": "YW1.E.K1.X"}
        )
    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    assert first.json() == {"terminal": kiosk[0], "site": SITE}
    assert seen[0].headers[H_NONCE] != seen[2].headers[H_NONCE]

    # a captured request sent again, unchanged, is refused
    with httpx.Client(transport=_server(registry, T0, seen)) as attacker:
        replay = attacker.send(seen[0])
    assert (replay.status_code, replay.json()) == (401, {"error": "replayed"})


def test_terminal_auth_with_a_wrong_key_or_late_clock(
    registry: TerminalRegistry, kiosk: tuple[str, str]
) -> None:
    seen: list[httpx.Request] = []
    wrong = TerminalAuth(kiosk[0], registry.register("kiosk", SITE).key, clock=lambda: T0)
    late = TerminalAuth(*kiosk, clock=lambda: T0 - timedelta(minutes=5))
    with httpx.Client(transport=_server(registry, T0, seen), base_url="https://yiwang.test") as client:
        assert client.post("/x", content=b"abc", auth=wrong).json() == {"error": "bad_signature"}
        assert client.post("/x", content=b"abc", auth=late).json() == {"error": "clock_skew"}


# --- CLI ---------------------------------------------------------------------------------


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="yiwang")
    cli_terminals.add_terminal_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_add_list_revoke(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_terminals, "_engine", lambda: engine)
    assert _run_cli(["terminals", "add", "--kind", "kiosk", "--site", SITE, "--id", "kiosk-xinhua-01"]) == 0
    out = capsys.readouterr().out
    assert "kiosk-xinhua-01" in out and SITE in out and "not shown again" in out
    key = next(line.split()[1] for line in out.splitlines() if line.startswith("key"))

    # the printed key signs requests the server accepts (the CLI uses the configured secret)
    server = TerminalRegistry(engine, InMemoryNonceStore())
    now = datetime.now(UTC)
    headers = sign_request("kiosk-xinhua-01", key, "GET", "/ping", b"", now)
    assert server.verify_request("GET", "/ping", b"", headers, now).site == SITE

    assert _run_cli(["terminals", "add", "--kind", "bank", "--site", "工行新华支行"]) == 0
    capsys.readouterr()
    assert _run_cli(["terminals", "list"]) == 0
    listing = capsys.readouterr().out
    assert "kiosk-xinhua-01" in listing and "工行新华支行" in listing and "active" in listing
    assert key not in listing

    assert _run_cli(["terminals", "revoke", "kiosk-xinhua-01"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert _run_cli(["terminals", "list"]) == 0
    assert "revoked" in capsys.readouterr().out
    with pytest.raises(TerminalAuthError):
        server.verify_request(
            "GET", "/ping", b"", sign_request("kiosk-xinhua-01", key, "GET", "/ping", b"", now), now
        )

    assert _run_cli(["terminals", "revoke", "kiosk-nowhere-99"]) == 2
    assert _run_cli(["terminals", "add", "--kind", "kiosk", "--site", SITE, "--id", "kiosk-xinhua-01"]) == 2
    assert "already exists" in capsys.readouterr().err
    actions = [e.action for e in AuditLog(engine).events("terminal.")]
    assert actions.count("terminal.register") == 2 and "terminal.revoke" in actions
