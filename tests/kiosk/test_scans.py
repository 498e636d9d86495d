"""The kiosk tells poster links, e-ID, handoff and receipt codes apart, and refuses the rest."""

import pytest

from core.identity.codes import issue_draft_handoff, issue_eid_code, issue_receipt_code
from kiosk.scans import Scan, classify_scan

SITE = "https://zwfw.pds.gov.cn"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{SITE}/s/070010001003", Scan("entry", "070010001003")),
        (f"{SITE}/s/yjs001/", Scan("entry", "YJS001")),
        ("/s/070010001003", Scan("entry", "070010001003")),
        ("  https://ZWFW.pds.gov.cn/s/070010001003 \n", Scan("entry", "070010001003")),
    ],
)
def test_our_poster_links_open_their_item(text: str, expected: Scan) -> None:
    assert classify_scan(text, SITE) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "https://evil.example.com/s/070010001003",
        "http://zwfw.pds.gov.cn/s/070010001003",  # not the scheme we print
        f"{SITE}/s/070010001003?next=/account",
        f"{SITE}/item/070010001003",
        f"{SITE}/s/../account",
        "WIFI:S:hall;T:WPA;P:secret;;",
        "YW1.E.garbage",
        "x" * 600,
    ],
)
def test_anything_else_is_unknown(text: str) -> None:
    assert classify_scan(text, SITE) == Scan("unknown")


def test_signed_codes_are_told_apart_by_kind() -> None:
    eid = issue_eid_code("c1").payload
    handoff = issue_draft_handoff("d1", "c1").payload
    receipt = issue_receipt_code("PDS2026000001").payload
    assert classify_scan(eid, SITE) == Scan("eid", eid)
    assert classify_scan(handoff, SITE) == Scan("handoff", handoff)
    assert classify_scan(receipt, SITE) == Scan("receipt", receipt)
