"""Image fixes for codes a plain decode misses, each named for what it repairs.

Every function takes and returns a greyscale uint8 image. They are cheap on a cropped region
(a few hundred pixels square) and are only used there or on small still images.
"""

from __future__ import annotations

import cv2
import numpy as np

TARGET_MODULE_PX = 5.0  # zbar and zxing read most reliably at 4-6 px per module


def to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def scale_to_modules(grey: np.ndarray, module_px: float) -> np.ndarray:
    """Small far-away codes: enlarge so a module is ~5 px (never shrink, at most 4×)."""
    factor = min(4.0, TARGET_MODULE_PX / max(module_px, 0.5))
    if factor <= 1.15:
        return grey
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def upscale(grey: np.ndarray) -> np.ndarray:
    return cv2.resize(grey, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


def flatten_light(grey: np.ndarray) -> np.ndarray:
    """Glare and dim light: divide by the local background, then stretch the contrast."""
    side = max(15, (min(grey.shape[:2]) // 4) | 1)
    background = cv2.blur(grey, (side, side)).astype(np.float32) + 1
    flat = grey.astype(np.float32) / background
    return cv2.normalize(flat, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)


def adaptive_threshold(grey: np.ndarray) -> np.ndarray:
    side = max(15, (min(grey.shape[:2]) // 8) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, side, 5)


def sharpen(grey: np.ndarray) -> np.ndarray:
    """Motion or focus blur: unsharp mask."""
    soft = cv2.GaussianBlur(grey, (0, 0), 2.0)
    return cv2.addWeighted(grey, 1.8, soft, -0.8, 0)


def thin_dark(grey: np.ndarray) -> np.ndarray:
    """Ink bleed and over-exposed dark modules that touch: grow the light parts by one pixel."""
    return cv2.dilate(grey, np.ones((2, 2), np.uint8))


def thicken_dark(grey: np.ndarray) -> np.ndarray:
    """Thin or washed-out dark modules (printed codes, fabric): grow the dark parts by one pixel."""
    return cv2.erode(grey, np.ones((2, 2), np.uint8))


def denoise(grey: np.ndarray) -> np.ndarray:
    """JPEG blocks and sensor noise."""
    return cv2.medianBlur(grey, 3)


def invert(grey: np.ndarray) -> np.ndarray:
    """Dark-mode phone screens show light modules on black (zbar reads only dark on light)."""
    return cv2.bitwise_not(grey)
