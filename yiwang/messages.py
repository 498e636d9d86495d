"""Keeping the Babel catalogs in locale/ in step with the code (`yiwang messages`).

English msgids are the source language, so the English catalog is filled with the msgids;
Chinese entries are written by translators and left empty (and so failing the i18n test)
until they are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
POT = LOCALE / "messages.pot"
KEYWORDS = ("msg", "msgf", "N_")


def extract(out: Path = POT) -> None:
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(LOCALE / "babel.cfg"),
            *keywords,
            "--no-default-keywords",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )


def update_catalogs() -> None:
    with POT.open("rb") as handle:
        template = read_po(handle)
    for folder in ("zh_Hans", "en"):
        path = LOCALE / folder / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        old = {}
        if path.exists():
            with path.open("rb") as handle:
                old = {m.id: m.string for m in read_po(handle) if m.id}
        catalog = read_po(POT.open("rb"), locale=folder)
        for message in catalog:
            if message.id:
                message.string = message.id if folder == "en" else old.get(message.id, "")
        catalog.header_comment = f"# yiwang UI strings, {folder}"
        catalog.fuzzy = False
        with path.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, sort_output=True, width=0)
    del template


def main() -> int:
    extract()
    update_catalogs()
    print(f"updated {POT.relative_to(ROOT)} and the zh_Hans and en catalogs")
    return 0
