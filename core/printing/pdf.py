"""A4 print files with fpdf2: the CJK font embedded as a subset, text in Chinese with English
beneath, and QR codes as images a phone camera reads off paper."""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from core.printing.fonts import FontChoice, find_cjk_font

FAMILY = "cjk"
MARGIN = 18  # mm
QR_SIZE = 42  # mm: 10 mm of module per 4 at a phone's reading distance


class Sheet(FPDF):
    """One print file; text helpers keep the two languages together."""

    def __init__(self, title: str, font: FontChoice | None = None) -> None:
        super().__init__(format="A4", unit="mm")
        chosen = font or find_cjk_font()
        self.add_font(FAMILY, fname=str(chosen.path), collection_font_number=chosen.index)
        self.set_title(title)
        self.set_creator("平顶山一网通办 yiwang")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.add_page()

    @property
    def text_width(self) -> float:
        return self.w - 2 * MARGIN

    def heading(self, zh: str, en: str = "", size: float = 18) -> None:
        self.set_font(FAMILY, size=size)
        self.multi_cell(self.text_width, size * 0.5, zh, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if en:
            self.set_font(FAMILY, size=size * 0.6)
            self.multi_cell(self.text_width, size * 0.35, en, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def line_of(self, label_zh: str, label_en: str, value: str, size: float = 11) -> None:
        self.set_font(FAMILY, size=size)
        self.cell(52, size * 0.6, f"{label_zh} {label_en}", new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.multi_cell(self.text_width - 52, size * 0.6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, zh: str, en: str = "", size: float = 11) -> None:
        self.set_font(FAMILY, size=size)
        self.multi_cell(self.text_width, size * 0.55, zh, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if en:
            self.set_font(FAMILY, size=size * 0.8)
            self.multi_cell(self.text_width, size * 0.45, en, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def bullets(self, lines: Sequence[tuple[str, str]]) -> None:
        for zh, en in lines:
            self.paragraph(f"• {zh}", f"  {en}" if en else "")

    def qr(self, payload: str, caption_zh: str, caption_en: str) -> None:
        """The QR at the right margin, below what is printed so far, with its caption."""
        raw = io.BytesIO()
        segno.make_qr(payload, error="m").save(raw, kind="png", scale=10, border=4)
        raw.seek(0)
        image = Image.open(raw).convert("L")  # 8-bit grey: read back exactly by any PDF tool
        top = self.get_y() + 2
        if top + QR_SIZE + 12 > self.h - MARGIN:
            self.add_page()
            top = self.get_y()
        left = self.w - MARGIN - QR_SIZE
        self.image(image, x=left, y=top, w=QR_SIZE, h=QR_SIZE)
        self.set_xy(MARGIN, top + 4)
        self.set_font(FAMILY, size=12)
        self.multi_cell(self.text_width - QR_SIZE - 6, 6, caption_zh, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, size=9)
        self.multi_cell(self.text_width - QR_SIZE - 6, 4.5, caption_en, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(top + QR_SIZE + 4)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
