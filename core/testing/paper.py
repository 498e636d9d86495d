"""Reading printed PDFs back in tests: the text of every page, with the NULs of CID fonts and
all white space removed, so that a receipt number or an ID number is found whatever the layout."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return "".join("".join(page.extract_text().replace("\x00", "").split()) for page in pages)
