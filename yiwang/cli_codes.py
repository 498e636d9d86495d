"""`yiwang codes verify PAYLOAD [--channel kiosk]`: explains a scanned e-ID or handoff code
(version, kind, key, times, signature, expiry) without using up its single-use nonce."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

_SIGNATURE = {
    None: "valid",
    "expired": "valid",
    "wrong_channel": "valid",
    "bad_signature": "INVALID (altered, forged, or signed with another secret)",
    "unknown_key": "not checked: the key id is not in the key ring",
}


def add_code_commands(sub: argparse._SubParsersAction) -> None:
    codes = sub.add_parser("codes", help="signed e-ID and handoff codes")
    codes_sub = codes.add_subparsers(dest="codes_command", required=True)
    verify = codes_sub.add_parser("verify", help="explain a scanned code without using it up")
    verify.add_argument("payload", help="the text of the QR code")
    verify.add_argument("--channel", help="check it as if scanned on this channel (kiosk, bank, pc, mobile)")
    verify.set_defaults(func=_cmd_codes_verify)


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _cmd_codes_verify(args: argparse.Namespace) -> int:
    from core.identity.codes import CodeError, CodeVerifier, KeyRing, peek
    from core.identity.nonces import InMemoryNonceStore

    ring = KeyRing.from_env()
    now = datetime.now(UTC)
    problem: CodeError | None = None
    try:
        # A throwaway nonce store and check(), not verify(): explaining never uses a code up.
        CodeVerifier(InMemoryNonceStore(), lambda: now, ring=ring).check(args.payload, args.channel)
    except CodeError as error:
        problem = error
    code = peek(args.payload)  # fields as written, shown even when the signature is wrong
    rows = [("version", args.payload.strip().upper().split(".")[0] or "?")]
    if code is not None:
        use = "read-only, re-usable" if code.read_only else "single-use"
        ring_note = "in the key ring" if code.key_id in ring.keys else "NOT in the key ring"
        rows += [
            ("kind", f"{code.kind} ({use})"),
            ("key id", f"{code.key_id} ({ring_note}; new codes are signed with {ring.signing_kid})"),
            ("subject", code.subject + (f" (owner {code.owner})" if code.owner else "")),
            ("issued at", _when(code.issued_at)),
            ("expires at", _when(code.expires_at)),
            ("channels", ", ".join(sorted(code.channels)) or "any"),
            ("expired", "yes" if now >= code.expires_at else "no"),
        ]
    reason = problem.code if problem else None
    rows.append(("signature", _SIGNATURE.get(reason, "not checked: the code cannot be read")))
    on = f" on channel {args.channel}" if args.channel else ""
    if problem is None:
        verdict = f"accepted{on}"
        if code is not None and code.single_use:
            verdict += " (its nonce was not checked or used: it may already have been scanned)"
    else:
        verdict = f"refused{on}: {problem.code} — {problem}"
    rows.append(("verdict", verdict))
    for label, value in rows:
        print(f"{label:11} {value}")
    return 0 if problem is None else 1
