"""What a code held up to the kiosk camera is: a poster's scan-to-apply link, a phone's e-ID
code, a draft handoff code, a receipt code, or something the kiosk does not know. Only the
shape is read here; signatures are checked by core when the code is used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from core.guide.scan_codes import ENTRY_PREFIX
from core.identity.codes import peek

MAX_SCAN_CHARS = 512
_ENTRY_PATH = re.compile(re.escape(ENTRY_PREFIX) + r"([A-Za-z0-9]{1,40})/?")
_CODE_KINDS = {"eid": "eid", "draft": "handoff", "receipt": "receipt"}


@dataclass(frozen=True)
class Scan:
    kind: str  # entry, eid, handoff, receipt, unknown
    value: str = ""  # the entry code, or the code payload as scanned


def classify_scan(text: str, public_url: str) -> Scan:
    text = (text or "").strip()
    if not text or len(text) > MAX_SCAN_CHARS:
        return Scan("unknown")
    if text.upper().startswith("YW"):
        code = peek(text)
        return Scan(_CODE_KINDS[code.kind], text) if code else Scan("unknown")
    return _entry(text, public_url)


def _entry(text: str, public_url: str) -> Scan:
    """Our own poster links only: a code printed for another site opens nothing here."""
    url, ours = urlsplit(text), urlsplit(public_url)
    if url.netloc and (url.scheme, url.netloc.lower()) != (ours.scheme, ours.netloc.lower()):
        return Scan("unknown")
    if url.query or url.fragment:
        return Scan("unknown")
    found = _ENTRY_PATH.fullmatch(url.path)
    return Scan("entry", found.group(1).upper()) if found else Scan("unknown")
