"""The two QR decoders behind the scanning cascade, with one result shape.

zxing-cpp is tried first: on 1280×720 frames it is ~20× faster than zbar, finds inverted
(dark-mode) and mirrored codes itself and honours the code's character set (ECI, Shift JIS);
pyzbar (libzbar0) reads some damaged or oddly lit codes zxing-cpp misses. bench/bench_scanner.py
measures both on the ZXing image set and on generated kiosk frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import zxingcpp
from pyzbar import pyzbar

ENGINES = ("zxing", "zbar")


@dataclass(frozen=True)
class Decoded:
    text: str
    engine: str
    step: str = ""


def decode_zxing(grey: np.ndarray) -> list[str]:
    """Texts of the QR codes zxing-cpp reads in a greyscale image (try_invert covers dark mode)."""
    found = zxingcpp.read_barcodes(
        grey, formats=zxingcpp.BarcodeFormat.QRCode, text_mode=zxingcpp.TextMode.Plain
    )
    return [barcode.text for barcode in found if barcode.valid and barcode.text]


def zxing_unread_symbols(grey: np.ndarray) -> list[np.ndarray]:
    """Corners (4×2, x/y) of QR symbols zxing-cpp located but could not decode."""
    found = zxingcpp.read_barcodes(
        grey, formats=zxingcpp.BarcodeFormat.QRCode, try_downscale=False, return_errors=True
    )
    corners = []
    for barcode in found:
        p = barcode.position
        points = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        corners.append(np.array([[point.x, point.y] for point in points], dtype=np.float32))
    return corners


def decode_zbar(grey: np.ndarray) -> list[str]:
    """Texts of the QR codes zbar reads in a greyscale image."""
    found = pyzbar.decode(np.ascontiguousarray(grey), symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [symbol.data.decode("utf-8", "replace") for symbol in found if symbol.data]


DECODERS = {"zxing": decode_zxing, "zbar": decode_zbar}
