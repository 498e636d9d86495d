"""Where a QR code may be in a frame: its finder patterns (the three nested squares).

A finder pattern is a dark 7×7 ring, a light 5×5 ring and a dark 3×3 centre; on a thresholded
frame it is a chain of three nested contours whatever the polarity, so dark-mode (inverted)
codes are found too. Costs ~2 ms on a 1280×720 frame. The cascade only tries its expensive
steps where finders are, so frames without a code stay nearly as cheap as one plain decode.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MIN_FINDER_PX = 8  # a 7-module finder at ~1.2 px per module: smaller cannot be decoded anyway
MAX_REGIONS = 3


@dataclass(frozen=True)
class Region:
    """A box around finder patterns: x, y, width, height in frame pixels, and the module size."""

    x: int
    y: int
    w: int
    h: int
    module_px: float

    def crop(self, grey: np.ndarray) -> np.ndarray:
        return grey[self.y : self.y + self.h, self.x : self.x + self.w]


@dataclass(frozen=True)
class Finder:
    cx: float
    cy: float
    size: float  # side of the 7×7 square in pixels


def _is_square(contour: np.ndarray, min_side: float) -> tuple[bool, float]:
    _x, _y, w, h = cv2.boundingRect(contour)
    side = max(w, h)
    if side < min_side or min(w, h) < 0.5 * side:
        return False, side
    return cv2.contourArea(contour) > 0.45 * w * h, side


def find_finders(grey: np.ndarray) -> list[Finder]:
    """Finder-pattern candidates: square contours holding a square holding a square (~7:5:3)."""
    # The 3×3 blur and offset 8 keep sensor noise from making tens of thousands of contours.
    smooth = cv2.blur(grey, (3, 3))
    binary = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 31, 8)
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    links = hierarchy[0]
    children = links[:, 2]
    grandchildren = np.where(children >= 0, links[children, 2], -1)
    finders = []
    # Noise makes thousands of contours; only the few with a grandchild are looked at.
    for index in np.flatnonzero(grandchildren >= 0):
        square, side = _is_square(contours[index], MIN_FINDER_PX)
        if not square:
            continue
        inner, inner_side = _is_square(contours[grandchildren[index]], 2)
        if inner and 1.6 <= side / max(inner_side, 1) <= 4.5:
            x, y, w, h = cv2.boundingRect(contours[index])
            finders.append(Finder(x + w / 2, y + h / 2, float(side)))
    return finders


def _group(finders: list[Finder]) -> list[list[Finder]]:
    """Finders of similar size within ~40 modules of each other belong to one code."""
    groups: list[list[Finder]] = []
    for finder in sorted(finders, key=lambda f: -f.size):
        for group in groups:
            lead = group[0]
            near = abs(lead.cx - finder.cx) + abs(lead.cy - finder.cy) < lead.size / 7 * 60
            if near and 0.5 <= finder.size / lead.size <= 2:
                group.append(finder)
                break
        else:
            groups.append([finder])
    return groups


def candidate_regions(grey: np.ndarray) -> list[Region]:
    """Boxes (with a quiet-zone margin) around groups of finder patterns, most finders first."""
    regions = []
    height, width = grey.shape[:2]
    for group in sorted(_group(find_finders(grey)), key=len, reverse=True)[:MAX_REGIONS]:
        module = float(np.median([f.size for f in group])) / 7
        xs = [f.cx for f in group]
        ys = [f.cy for f in group]
        # One finder alone: the code extends up to ~30 modules from it in any direction.
        reach = module * (8 if len(group) >= 3 else 32)
        x0, y0 = max(0, int(min(xs) - reach)), max(0, int(min(ys) - reach))
        x1, y1 = min(width, int(max(xs) + reach)), min(height, int(max(ys) + reach))
        regions.append(Region(x0, y0, x1 - x0, y1 - y0, module))
    return regions


def symbol_region(corners: np.ndarray, shape: tuple[int, ...]) -> Region:
    """A box around a symbol another detector located (corners 4×2), with a quiet-zone margin."""
    x0, y0 = corners.min(axis=0)
    x1, y1 = corners.max(axis=0)
    side = max(x1 - x0, y1 - y0, 1.0)
    margin = side * 0.25
    left, top = max(0, int(x0 - margin)), max(0, int(y0 - margin))
    right, bottom = min(shape[1], int(x1 + margin)), min(shape[0], int(y1 + margin))
    # Module size unknown: assume a version 2-3 code (25-29 modules), the size of kiosk URLs.
    return Region(left, top, right - left, bottom - top, float(side) / 27)
