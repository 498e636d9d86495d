"""The CJK font embedded in print files. A subset of it is embedded in every PDF, so the paper
reads the same on any viewer or printer, with or without Chinese fonts of its own.

Found in this order: YIWANG_PRINT_FONT (a .ttf, .otf or .ttc), Noto Sans CJK SC (Debian's
fonts-noto-cjk), Droid Sans Fallback (fonts-droid-fallback), WenQuanYi Zen Hei (fonts-wqy-zenhei).
scripts/system-deps.sh installs fonts-noto-cjk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection

CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


class NoCjkFont(RuntimeError):
    """No font with Chinese glyphs is installed: install fonts-noto-cjk or set YIWANG_PRINT_FONT."""


@dataclass(frozen=True)
class FontChoice:
    path: Path
    index: int = 0  # the font's number inside a .ttc collection


def _simplified_index(path: Path) -> int:
    """In a collection, the Simplified Chinese face (its name says SC), else the first."""
    collection = TTCollection(str(path), lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            family = font["name"].getDebugName(1) or ""
            if family.endswith(" SC") or " SC " in family:
                return index
        return 0
    finally:
        collection.close()


@lru_cache(maxsize=4)
def find_cjk_font(configured: str | None = None) -> FontChoice:
    configured = configured if configured is not None else os.environ.get("YIWANG_PRINT_FONT", "")
    paths = [Path(configured)] if configured else list(CANDIDATES)
    for path in paths:
        if path.is_file():
            index = _simplified_index(path) if path.suffix.lower() == ".ttc" else 0
            return FontChoice(path, index)
    raise NoCjkFont(
        "no font with Chinese glyphs found (looked for "
        + ", ".join(str(p) for p in paths)
        + "): install fonts-noto-cjk or set YIWANG_PRINT_FONT"
    )
