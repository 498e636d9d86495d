"""The QR decoding cascade: cheap steps first, stop at the first step that reads a code.

1. the whole frame, as it is, by zxing-cpp (~1 ms at 1280×720);
2. only if the frame shows finder patterns (see qr_regions) or zxing-cpp located a symbol it
   could not read: the whole frame by zbar (~16 ms), then each region around finder patterns,
   cropped and enlarged to ~5 px per module (small, far-away codes), then one repair at a
   time (thicker dark modules, 2× upscale, glare/dim flattening, sharpening, denoising,
   inversion for zbar, adaptive threshold), each read by the engines in turn.
A frame without a code costs step 1 plus ~3 ms of looking, far less than one zbar decode, so an
idle camera stays cheap. With engines=("zbar",) zbar reads every frame whole.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kiosk.devices import qr_preprocess as fix
from kiosk.devices.qr_engines import DECODERS, Decoded, zxing_unread_symbols
from kiosk.devices.qr_regions import Region, candidate_regions, symbol_region

Transform = Callable[[np.ndarray], np.ndarray]
WHOLE_IMAGE_PIXELS = 640 * 480
MIN_REGION_PX = 16


@dataclass(frozen=True)
class Step:
    name: str
    transform: Transform
    engines: tuple[str, ...]


def _same(grey: np.ndarray) -> np.ndarray:
    return grey


REGION_STEPS: tuple[Step, ...] = (
    Step("region", _same, ("zxing", "zbar")),
    Step("thicken", fix.thicken_dark, ("zbar", "zxing")),
    Step("upscale", fix.upscale, ("zxing", "zbar")),
    Step("flatten", fix.flatten_light, ("zxing", "zbar")),
    Step("sharpen", fix.sharpen, ("zxing", "zbar")),
    Step("denoise", fix.denoise, ("zbar",)),
    Step("invert", fix.invert, ("zbar",)),
    Step("threshold", fix.adaptive_threshold, ("zbar", "zxing")),
    Step("thin", fix.thin_dark, ("zbar",)),
)


@dataclass(frozen=True)
class ScanResult:
    codes: tuple[Decoded, ...]
    ms: float
    tried: tuple[str, ...] = field(default=())  # "step/engine" in the order tried


class QrCascade:
    """Decodes the QR codes in one image or camera frame (BGR, BGRA or greyscale)."""

    def __init__(self, engines: Sequence[str] = ("zxing", "zbar"), deep: bool = True) -> None:
        unknown = set(engines) - set(DECODERS)
        if unknown or not engines:
            raise ValueError(f"QR engines are {', '.join(DECODERS)}; not {', '.join(sorted(unknown))}")
        self.engines = tuple(engines)
        self.deep = deep
        # The first engine reads every frame; the others only frames that seem to hold a code.
        self._fast = Step("frame", _same, self.engines[:1])
        self._slow = Step("frame", _same, self.engines[1:])

    def decode(self, image: np.ndarray) -> ScanResult:
        start = time.perf_counter()
        tried: list[str] = []
        grey = fix.to_grey(image)
        codes = self._try(grey, self._fast, tried)
        if not codes and self.deep:
            codes = self._deep(grey, tried)
        return ScanResult(tuple(codes), (time.perf_counter() - start) * 1000, tuple(tried))

    def _deep(self, grey: np.ndarray, tried: list[str]) -> list[Decoded]:
        """Only where something looks like a code: the whole frame by the slower engine, then regions."""
        regions = candidate_regions(grey)
        if "zxing" in self.engines:
            regions += [symbol_region(corners, grey.shape) for corners in zxing_unread_symbols(grey)]
        if not regions:
            return []
        if grey.size <= WHOLE_IMAGE_PIXELS:  # a photo or crop, not a camera frame: its finders may mislead
            regions.append(Region(0, 0, grey.shape[1], grey.shape[0], fix.TARGET_MODULE_PX))
        codes = self._try(grey, self._slow, tried)
        for region in regions:
            if codes:
                break
            if region.w < MIN_REGION_PX or region.h < MIN_REGION_PX:
                continue  # a symbol reported at or beyond the frame's edge
            crop = fix.scale_to_modules(region.crop(grey), region.module_px)
            for step in REGION_STEPS:
                codes = self._try(crop, step, tried)
                if codes:
                    break
        return codes

    def _try(self, grey: np.ndarray, step: Step, tried: list[str]) -> list[Decoded]:
        engines = [engine for engine in step.engines if engine in self.engines]
        if not engines:
            return []
        image = step.transform(grey)
        for engine in engines:
            tried.append(f"{step.name}/{engine}")
            texts = DECODERS[engine](image)
            if texts:
                return [Decoded(text, engine, step.name) for text in dict.fromkeys(texts)]
        return []
