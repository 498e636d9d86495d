"""Signed e-ID and handoff codes: round trips, every refusal code, key rotation, QR size,
single-use nonces in memory and in SQLite, audit, and `yiwang codes verify`."""

from __future__ import annotations

import argparse
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import segno
from PIL import Image
from pyzbar.pyzbar import decode
from sqlalchemy import Engine

from core.audit import AuditLog, pseudonym
from core.identity.codes import (
    CodeError,
    CodeVerifier,
    KeyRing,
    issue_draft_handoff,
    issue_eid_code,
    issue_receipt_code,
    peek,
)
from core.identity.nonces import InMemoryNonceStore, SqlNonceStore, UsedNonce
from yiwang.cli_codes import add_code_commands

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
OLD = "k1:old-secret-0123456789abcdef"
NEW = "k2:new-secret-0123456789abcdef"
CITIZEN = "cit_7f3a9c2e51d04b6a"


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing.parse(OLD, "unused")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory", "sql"])
def verifier(request: pytest.FixtureRequest, ring: KeyRing, clock: Clock, engine: Engine) -> CodeVerifier:
    store = InMemoryNonceStore() if request.param == "memory" else SqlNonceStore(engine)
    return CodeVerifier(store, clock, ring=ring)


def refused(verifier: CodeVerifier, payload: str, channel: str = "kiosk") -> str:
    with pytest.raises(CodeError) as caught:
        verifier.verify(payload, channel)
    assert str(caught.value)  # an English message for logs; channels translate by code
    return caught.value.code


def replace_field(payload: str, index: int, value: str) -> str:
    parts = payload.split(".")
    parts[index] = value
    return ".".join(parts)


# --- round trips -------------------------------------------------------------------------


def test_eid_round_trip(verifier: CodeVerifier, ring: KeyRing) -> None:
    issued = issue_eid_code(CITIZEN, T0, ring=ring)
    assert issued.kind == "eid"
    assert issued.expires_at == T0 + timedelta(seconds=60)
    assert issued.payload.startswith("YW1.E.K1.")
    code = verifier.verify(issued.payload, "kiosk")
    assert (code.kind, code.subject, code.key_id) == ("eid", CITIZEN, "K1")
    assert code.issued_at == T0 and code.expires_at == issued.expires_at
    assert code.channels == {"kiosk", "bank"}
    assert code.single_use and not code.read_only
    assert code.owner is None


def test_eid_payload_holds_no_readable_citizen_id(ring: KeyRing) -> None:
    assert CITIZEN.upper() not in issue_eid_code(CITIZEN, T0, ring=ring).payload


def test_draft_round_trip_on_any_channel(verifier: CodeVerifier, ring: KeyRing, clock: Clock) -> None:
    issued = issue_draft_handoff("draft-0042", CITIZEN, T0, ring=ring)
    assert issued.expires_at == T0 + timedelta(minutes=10)
    clock.advance(9 * 60)
    code = verifier.verify(issued.payload, "pc")
    assert (code.kind, code.subject, code.owner) == ("draft", "draft-0042", CITIZEN)
    assert code.channels == frozenset() and code.single_use


def test_receipt_code_verifies_repeatedly_on_every_channel(
    verifier: CodeVerifier, ring: KeyRing, clock: Clock
) -> None:
    issued = issue_receipt_code("SQ202503010001234", T0, ring=ring)
    assert issued.expires_at == T0 + timedelta(days=365)
    for channel in ("pc", "mobile", "kiosk", "bank", "kiosk"):
        code = verifier.verify(issued.payload, channel)
        assert (code.kind, code.subject) == ("receipt", "SQ202503010001234")
        assert code.read_only and not code.single_use
    clock.advance(364 * 86400)
    assert verifier.verify(issued.payload, "pc").subject == "SQ202503010001234"


def test_unicode_ids_survive(verifier: CodeVerifier, ring: KeyRing) -> None:
    issued = issue_draft_handoff("草稿-1", "市民-甲", T0, ring=ring)
    assert (verifier.verify(issued.payload, "mobile").subject, "市民-甲") == ("草稿-1", "市民-甲")


def test_scanner_lowercase_and_whitespace_are_tolerated(verifier: CodeVerifier, ring: KeyRing) -> None:
    issued = issue_eid_code(CITIZEN, T0, ring=ring)
    assert verifier.verify(f"  {issued.payload.lower()}\n", "bank").subject == CITIZEN


def test_issuing_refuses_unusable_ids(ring: KeyRing) -> None:
    for bad in ("", "x" * 65, "市" * 22):
        with pytest.raises(ValueError):
            issue_eid_code(bad, T0, ring=ring)
    with pytest.raises(ValueError):
        issue_eid_code(CITIZEN, T0, channels=(), ring=ring)
    with pytest.raises(KeyError):
        issue_eid_code(CITIZEN, T0, channels=("pc",), ring=ring)


# --- every refusal code ------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        "YW1",
        "YW1.E",
        "YW1.E.K1.AAAA",
        "YW1.X.K1.A.B.C.D",
        "https://example.org/YW1.E",
        "YW1.É.K1",
    ],
)
def test_malformed(verifier: CodeVerifier, payload: str) -> None:
    assert refused(verifier, payload) == "malformed"


def test_extra_or_missing_field_is_malformed(verifier: CodeVerifier, ring: KeyRing) -> None:
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    head, _, sig = payload.rpartition(".")
    assert refused(verifier, f"{head}.AA.{sig}") == "malformed"
    assert refused(verifier, replace_field(payload, 7, "").replace("..", ".")) == "malformed"


def test_unknown_version(verifier: CodeVerifier, ring: KeyRing) -> None:
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    assert refused(verifier, "YW2" + payload[3:]) == "unknown_version"
    assert refused(verifier, "YW10" + payload[3:]) == "unknown_version"


def test_unknown_key(verifier: CodeVerifier, ring: KeyRing) -> None:
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    assert refused(verifier, replace_field(payload, 2, "K9")) == "unknown_key"


def test_one_forged_signature_character(verifier: CodeVerifier, ring: KeyRing) -> None:
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    sig = payload.rsplit(".", 1)[1]
    assert len(sig) == 26  # 128-bit tag
    forged_char = "A" if sig[10] != "A" else "B"
    forged = payload[: -len(sig)] + sig[:10] + forged_char + sig[11:]
    assert refused(verifier, forged) == "bad_signature"
    assert refused(verifier, payload[:-1]) == "bad_signature"


@pytest.mark.parametrize("index", [3, 4, 5, 6, 7])
def test_changed_field_breaks_the_signature(verifier: CodeVerifier, ring: KeyRing, index: int) -> None:
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    other = issue_eid_code("cit_someone_else_000", T0 + timedelta(seconds=7), channels=["bank"], ring=ring)
    changed = replace_field(payload, index, other.payload.split(".")[index])
    assert changed != payload
    assert refused(verifier, changed) == "bad_signature"


def test_signed_with_another_key_under_the_same_id(verifier: CodeVerifier) -> None:
    impostor = KeyRing.parse("k1:somebody-elses-secret-1234", "unused")
    assert refused(verifier, issue_eid_code(CITIZEN, T0, ring=impostor).payload) == "bad_signature"


def test_expired(verifier: CodeVerifier, ring: KeyRing, clock: Clock) -> None:
    eid = issue_eid_code(CITIZEN, T0, ring=ring).payload
    draft = issue_draft_handoff("draft-1", CITIZEN, T0, ring=ring).payload
    receipt = issue_receipt_code("SQ1", T0, ttl=timedelta(days=2), ring=ring).payload
    clock.advance(60)
    assert refused(verifier, eid) == "expired"
    clock.advance(9 * 60)
    assert refused(verifier, draft) == "expired"
    clock.advance(2 * 86400)
    assert refused(verifier, receipt) == "expired"


def test_eid_is_valid_just_before_expiry(verifier: CodeVerifier, ring: KeyRing, clock: Clock) -> None:
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    clock.advance(59)
    assert verifier.verify(payload, "kiosk").subject == CITIZEN


def test_replayed_single_use_codes(verifier: CodeVerifier, ring: KeyRing) -> None:
    eid = issue_eid_code(CITIZEN, T0, ring=ring).payload
    draft = issue_draft_handoff("draft-1", CITIZEN, T0, ring=ring).payload
    verifier.verify(eid, "kiosk")
    verifier.verify(draft, "pc")
    assert refused(verifier, eid, "bank") == "replayed"
    assert refused(verifier, draft, "mobile") == "replayed"


def test_wrong_channel(verifier: CodeVerifier, ring: KeyRing) -> None:
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    assert refused(verifier, payload, "pc") == "wrong_channel"
    assert refused(verifier, payload, "mobile") == "wrong_channel"
    # the refused scan did not use the code up
    assert verifier.verify(payload, "kiosk").subject == CITIZEN
    bank_only = issue_eid_code(CITIZEN, T0, channels=["bank"], ring=ring).payload
    assert refused(verifier, bank_only, "kiosk") == "wrong_channel"
    assert verifier.verify(bank_only, "bank").channels == {"bank"}


class SpyStore(InMemoryNonceStore):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def consume(
        self, nonce: str, expires_at: datetime, now: datetime, issued_at: datetime | None = None
    ) -> bool:
        self.calls += 1
        return super().consume(nonce, expires_at, now, issued_at)


def test_signature_is_checked_before_the_nonce_store(ring: KeyRing, clock: Clock) -> None:
    store = SpyStore()
    verifier = CodeVerifier(store, clock, ring=ring)
    payload = issue_eid_code(CITIZEN, T0, ring=ring).payload
    forged = replace_field(payload, 5, issue_eid_code("cit_other", T0, ring=ring).payload.split(".")[5])
    assert forged != payload
    for bad in (forged, replace_field(payload, 2, "K9"), "YW2" + payload[3:]):
        with pytest.raises(CodeError):
            verifier.verify(bad, "kiosk")
    with pytest.raises(CodeError):
        verifier.verify(payload, "pc")
    assert store.calls == 0
    verifier.verify(payload, "kiosk")
    assert store.calls == 1


# --- key rotation ------------------------------------------------------------------------


def test_key_rotation(clock: Clock) -> None:
    old_ring = KeyRing.parse(OLD, "unused")
    rotated = KeyRing.parse(f"{NEW},{OLD}", "unused")
    retired = KeyRing.parse(NEW, "unused")
    old_code = issue_eid_code(CITIZEN, T0, ring=old_ring).payload
    new_code = issue_eid_code(CITIZEN, T0, ring=rotated).payload
    assert replace_field(new_code, 2, "K2") == new_code  # the first key signs

    verifier = CodeVerifier(InMemoryNonceStore(), clock, ring=rotated)
    assert verifier.verify(old_code, "kiosk").key_id == "K1"
    assert verifier.verify(new_code, "kiosk").key_id == "K2"

    after_removal = CodeVerifier(InMemoryNonceStore(), clock, ring=retired)
    assert refused(after_removal, issue_receipt_code("SQ1", T0, ring=old_ring).payload) == "unknown_key"
    assert after_removal.verify(issue_receipt_code("SQ1", T0, ring=rotated).payload, "pc").key_id == "K2"


def test_key_ring_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    ring = KeyRing.parse(f" {NEW} , {OLD} ", "unused")
    assert (ring.signing_kid, sorted(ring.keys)) == ("K2", ["K1", "K2"])
    assert all(len(key) == 32 for key in ring.keys.values())
    assert "keys" not in repr(ring) and repr(ring.keys["K1"]) not in repr(ring)
    fallback = KeyRing.parse("", "a-server-secret")
    assert (fallback.signing_kid, list(fallback.keys)) == ("K0", ["K0"])
    assert KeyRing.parse("", "another-secret").keys["K0"] != fallback.keys["K0"]
    # the key is derived, not the raw secret
    assert ring.keys["K1"] != b"old-secret-0123456789abcdef"
    for bad in ("k1", "k1:short", "toolongkeyid:0123456789abcdef0", "k-1:0123456789abcdef0", f"{OLD},{OLD}"):
        with pytest.raises(ValueError):
            KeyRing.parse(bad, "unused")
    monkeypatch.setenv("YIWANG_CODE_KEYS", f"{NEW},{OLD}")
    assert KeyRing.from_env().keys == ring.keys
    monkeypatch.delenv("YIWANG_CODE_KEYS")
    assert list(KeyRing.from_env().keys) == ["K0"]


# --- QR size -----------------------------------------------------------------------------


def _qr(payload: str) -> segno.QRCode:
    return segno.make_qr(payload, error="m", boost_error=False)


def test_qr_version_at_most_10_even_for_the_longest_ids() -> None:
    ring = KeyRing.parse("rotated8:0123456789abcdef0123", "unused")  # the longest key id
    longest = "x" * 64
    for issued in (
        issue_eid_code(longest, T0, ring=ring),
        issue_draft_handoff(longest, longest, T0, ring=ring),
        issue_receipt_code(longest, T0, ring=ring),
    ):
        qr = _qr(issued.payload)
        assert qr.mode == "alphanumeric", issued.kind
        assert qr.version <= 10, (issued.kind, qr.version, len(issued.payload))
        assert qr.error == "M"


def test_typical_codes_are_small(ring: KeyRing) -> None:
    assert _qr(issue_eid_code(CITIZEN, T0, ring=ring).payload).version <= 5
    assert _qr(issue_draft_handoff("dft_01HQ3K9V2M", CITIZEN, T0, ring=ring).payload).version <= 6
    assert _qr(issue_receipt_code("SQ202503010001234", T0, ring=ring).payload).version <= 4


def test_printed_code_scans_back_and_verifies(tmp_path: Path, ring: KeyRing, clock: Clock) -> None:
    issued = issue_eid_code(CITIZEN, T0, ring=ring)
    out = tmp_path / "eid.png"
    _qr(issued.payload).save(str(out), scale=4, border=4)
    with Image.open(out) as image:
        scanned = decode(image)[0].data.decode()
    assert scanned == issued.payload
    assert CodeVerifier(InMemoryNonceStore(), clock, ring=ring).verify(scanned, "kiosk").subject == CITIZEN


# --- nonce stores ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["memory", "sql"])
def test_nonce_store_consumes_once_and_purges(kind: str, engine: Engine) -> None:
    store = InMemoryNonceStore() if kind == "memory" else SqlNonceStore(engine)
    expiry = T0 + timedelta(seconds=60)
    assert store.consume("code:A", expiry, T0)
    assert not store.consume("code:A", expiry, T0 + timedelta(seconds=30))
    assert store.consume("code:B", T0 + timedelta(seconds=10), T0)
    assert store.purge_expired(T0 + timedelta(seconds=10)) == 1
    assert store.purge_expired(T0 + timedelta(seconds=10)) == 0
    assert not store.consume("code:A", expiry, T0 + timedelta(seconds=59))
    # an expired row not yet purged may be taken over again (once)
    assert store.consume("code:A", expiry + timedelta(seconds=60), expiry)
    assert not store.consume("code:A", expiry + timedelta(seconds=60), expiry)


def test_sql_nonce_store_is_atomic_under_concurrency(engine: Engine) -> None:
    store = SqlNonceStore(engine)
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def scan() -> None:
        barrier.wait()
        results.append(store.consume("code:RACE", T0 + timedelta(seconds=60), T0))

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_sql_store_keeps_only_the_nonce(engine: Engine, ring: KeyRing, clock: Clock) -> None:
    from sqlmodel import Session, select

    issued = issue_eid_code(CITIZEN, T0, ring=ring)
    CodeVerifier(SqlNonceStore(engine), clock, ring=ring).verify(issued.payload, "kiosk")
    with Session(engine) as session:
        rows = list(session.exec(select(UsedNonce)))
    assert len(rows) == 1
    assert rows[0].nonce == f"code:{issued.payload.split('.')[6]}"
    assert rows[0].expires_at.replace(tzinfo=UTC) == issued.expires_at


# --- audit -------------------------------------------------------------------------------


def test_issue_and_verification_are_audited_without_payloads(
    engine: Engine, ring: KeyRing, clock: Clock
) -> None:
    audit = AuditLog(engine)
    issued = issue_eid_code(CITIZEN, T0, ring=ring, audit=audit)
    verifier = CodeVerifier(SqlNonceStore(engine), clock, ring=ring, audit=audit)
    verifier.verify(issued.payload, "kiosk", terminal="kiosk-xinhua-01")
    with pytest.raises(CodeError):
        verifier.verify(issued.payload, "kiosk", terminal="kiosk-xinhua-01")
    with pytest.raises(CodeError):
        verifier.verify("garbage", "bank")

    garbage, replay, ok = audit.events("code.verify")
    issue = audit.events("code.issue")[0]
    nonce = issued.payload.split(".")[6]
    assert (ok.outcome, ok.actor, ok.channel, ok.terminal) == (
        "ok",
        pseudonym(CITIZEN),
        "kiosk",
        "kiosk-xinhua-01",
    )
    assert ok.detail["nonce"] == pseudonym(nonce, "code-nonce") == issue.detail["nonce"]
    assert (replay.outcome, replay.detail["reason"], replay.actor) == (
        "refused",
        "replayed",
        pseudonym(CITIZEN),
    )
    assert (garbage.outcome, garbage.detail["reason"], garbage.actor) == ("refused", "malformed", "")
    assert issue.actor == pseudonym(CITIZEN)
    for event in (issue, ok, replay, garbage):
        text = repr(event.model_dump())
        assert issued.payload not in text and nonce not in text and CITIZEN not in text


# --- check, peek and the CLI ------------------------------------------------------------


def test_check_does_not_consume_the_nonce(ring: KeyRing, clock: Clock) -> None:
    store = SpyStore()
    verifier = CodeVerifier(store, clock, ring=ring)
    issued = issue_eid_code(CITIZEN, T0, ring=ring)
    for _ in range(3):
        assert verifier.check(issued.payload, "kiosk").subject == CITIZEN
    assert verifier.check(issued.payload).channels == {"kiosk", "bank"}  # no channel: not checked
    with pytest.raises(CodeError, match="pc channel"):
        verifier.check(issued.payload, "pc")
    assert store.calls == 0
    assert verifier.verify(issued.payload, "bank").subject == CITIZEN
    assert refused(verifier, issued.payload) == "replayed"


def test_peek_reads_fields_without_trusting_them(ring: KeyRing) -> None:
    issued = issue_draft_handoff("draft-7", CITIZEN, T0, ring=ring)
    fields = peek(issued.payload)
    assert fields is not None
    assert (fields.kind, fields.subject, fields.owner, fields.key_id) == ("draft", "draft-7", CITIZEN, "K1")
    assert fields.expires_at == issued.expires_at
    forged = replace_field(issued.payload, 2, "K9")
    assert peek(forged).key_id == "K9"  # peek does not check the signature: explain, never trust
    assert peek("YW2.E.X") is None and peek("nonsense") is None


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="yiwang")
    add_code_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_codes_verify(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("YIWANG_CODE_KEYS", f"{NEW},{OLD}")
    issued = issue_eid_code(CITIZEN, ring=KeyRing.from_env())
    assert _run_cli(["codes", "verify", issued.payload, "--channel", "kiosk"]) == 0
    out = capsys.readouterr().out
    for expected in ("YW1", "eid (single-use)", "K2 (in the key ring", "valid", "expired     no", "accepted"):
        assert expected in out, expected
    assert issued.payload.split(".")[6] not in out  # the nonce is not printed

    assert _run_cli(["codes", "verify", issued.payload, "--channel", "pc"]) == 1
    assert "refused on channel pc: wrong_channel" in capsys.readouterr().out

    forged = replace_field(issued.payload, 4, "ZZZZZZ")
    assert _run_cli(["codes", "verify", forged]) == 1
    out = capsys.readouterr().out
    assert "INVALID" in out and "bad_signature" in out

    monkeypatch.setenv("YIWANG_CODE_KEYS", NEW.replace("k2", "k3"))
    assert _run_cli(["codes", "verify", issued.payload]) == 1
    out = capsys.readouterr().out
    assert "NOT in the key ring" in out and "unknown_key" in out

    # the CLI did not use the code up
    verifier = CodeVerifier(InMemoryNonceStore(), ring=KeyRing.parse(f"{NEW},{OLD}", "unused"))
    assert verifier.verify(issued.payload, "kiosk").subject == CITIZEN
