"""Scan-to-apply codes (扫码办): every item and bundle has a stable entry URL /s/<code>,
printed as a QR code sized for a kiosk camera at its reading distance."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import segno

from core.guide.catalogue import Catalogue

ENTRY_PREFIX = "/s/"


@dataclass(frozen=True)
class EntryTarget:
    kind: str  # "item" or "bundle"
    code: str


def entry_path(code: str) -> str:
    return f"{ENTRY_PREFIX}{code}"


def entry_url(public_url: str, code: str) -> str:
    return f"{public_url.rstrip('/')}{entry_path(code)}"


def resolve_entry(catalogue: Catalogue, code: str) -> EntryTarget | None:
    """What a scanned /s/<code> opens; None for a code the catalogue does not know."""
    code = code.strip().upper()
    if catalogue.find_item(code):
        return EntryTarget("item", code)
    if catalogue.find_bundle(code):
        return EntryTarget("bundle", code)
    return None


@dataclass(frozen=True)
class ReadingConditions:
    """A kiosk camera reading a printed code. Defaults: a 1280-px wide camera with a 60°
    horizontal field of view, 35 cm from a poster, needing 4 px per module to decode."""

    camera_width_px: int = 1280
    field_of_view_deg: float = 60.0
    distance_mm: float = 350.0
    min_px_per_module: float = 4.0

    def min_module_mm(self) -> float:
        field_width_mm = 2 * self.distance_mm * math.tan(math.radians(self.field_of_view_deg / 2))
        return self.min_px_per_module * field_width_mm / self.camera_width_px


@dataclass(frozen=True)
class PrintSpec:
    module_mm: float
    modules: int  # symbol width in modules, quiet zone included
    dpi: int

    @property
    def size_mm(self) -> float:
        return self.module_mm * self.modules

    @property
    def px_per_module(self) -> int:
        return math.ceil(self.module_mm / 25.4 * self.dpi)


def make_qr(url: str) -> segno.QRCode:
    # Level M survives a smudged poster while keeping modules large.
    return segno.make_qr(url, error="m", boost_error=False)


def qr_svg(url: str, title: str) -> str:
    """Inline SVG for a page; the title names it for screen readers."""
    return make_qr(url).svg_inline(scale=4, border=4, title=title, dark="#111", light="#fff", omitsize=True)


def print_spec(qr: segno.QRCode, conditions: ReadingConditions, dpi: int = 300) -> PrintSpec:
    module_mm = math.ceil(conditions.min_module_mm() * 10) / 10  # round up to 0.1 mm
    return PrintSpec(module_mm=module_mm, modules=qr.symbol_size(border=4)[0], dpi=dpi)


def write_print_file(url: str, out: Path, conditions: ReadingConditions | None = None) -> PrintSpec:
    """An SVG in millimetres or a PNG at 300 dpi whose modules meet the reading conditions."""
    qr = make_qr(url)
    spec = print_spec(qr, conditions or ReadingConditions())
    suffix = out.suffix.lower()
    if suffix == ".svg":
        qr.save(str(out), kind="svg", scale=spec.module_mm, unit="mm", border=4)
    elif suffix == ".png":
        qr.save(str(out), kind="png", scale=spec.px_per_module, border=4, dpi=spec.dpi)
    else:
        raise ValueError(f"print files are .svg or .png, not {suffix or 'no suffix'}")
    return spec
