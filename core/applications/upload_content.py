"""What an uploaded file is, judged by its bytes alone, and the checks it must pass.

Typing by magic bytes; the client's filename reduced to display text; images decoded with a
pixel limit taken from the header before decoding, then re-encoded upright without metadata;
PDFs parsed with pypdf (so compressed object streams and #xx-escaped names cannot hide
anything) and refused when encrypted, active or too long. Every refusal is an UploadRejected
whose code is a stable message id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal

from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MiB = 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000  # a 48 Mpx phone mode is refused; 12-24 Mpx photos and A4 scans pass
MAX_PDF_OBJECTS = 200_000  # far more than any real 50-page document; bounds the inspection's work
# Pillow warns above this many pixels and refuses above twice as many, already inside Image.open.
if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > DEFAULT_MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = DEFAULT_MAX_PIXELS

RejectCode = Literal[
    "empty",
    "too_large",
    "unsupported_type",
    "corrupt",
    "too_many_pixels",
    "active_content",
    "encrypted",
    "too_many_pages",
    "too_complex",
]
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
_IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


class UploadRejected(Exception):
    """The upload is refused; `code` is a stable message id for channels to translate."""

    def __init__(self, code: RejectCode, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code: RejectCode = code


@dataclass(frozen=True)
class UploadPolicy:
    max_bytes: int = 10 * MiB
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_pdf_pages: int = 50
    jpeg_quality: int = 85

    def __post_init__(self) -> None:
        if min(self.max_bytes, self.max_pixels, self.max_pdf_pages) < 1 or not 1 <= self.jpeg_quality <= 95:
            raise ValueError("upload limits must be positive and JPEG quality 1-95")
        if Image.MAX_IMAGE_PIXELS is not None and self.max_pixels > Image.MAX_IMAGE_PIXELS:
            raise ValueError("max_pixels is above PIL.Image.MAX_IMAGE_PIXELS: raise that first")


def sniff(head: bytes) -> str | None:
    """The media type from the first bytes of the content; None for anything not accepted."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{d}{n}" for d in ("COM", "LPT") for n in range(10))}
_UNSAFE = str.maketrans(dict.fromkeys('<>:"|?*', "_"))


def display_name(filename: str | None, limit: int = 100) -> str:
    """The client's filename as harmless display text: last path segment, no control or
    bidi-override characters, no Windows reserved name, at most `limit` characters."""
    text = unicodedata.normalize("NFC", filename or "")
    text = "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    segments = [part for part in re.split(r"[/\\]", text) if part.strip(" .")]
    text = " ".join(segments[-1].split()).translate(_UNSAFE).strip(" .") if segments else ""
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
    if len(text) > limit:
        stem, dot, ext = text.rpartition(".")
        keep = dot and 0 < len(ext) <= 10 and stem
        text = f"{stem[: limit - len(ext) - 1].rstrip(' .')}.{ext}" if keep else text[:limit]
    return text or "upload"


def clean_image(data: bytes, media_type: str, policy: UploadPolicy) -> bytes:
    fmt = _IMAGE_FORMATS[media_type]
    try:
        with Image.open(BytesIO(data), formats=[fmt]) as image:  # lazy: reads the header only
            width, height = image.size
            if width * height > policy.max_pixels:
                raise UploadRejected("too_many_pixels", f"{width}x{height}")
            image.load()  # the full decode: truncated or corrupt data fails here
            try:
                upright = ImageOps.exif_transpose(image)
            except Exception:  # a broken EXIF block must not cost the citizen the photo
                upright = image.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected("too_many_pixels") from exc
    except UploadRejected:
        raise
    except Exception as exc:
        raise UploadRejected("corrupt", type(exc).__name__) from exc
    if fmt == "JPEG":
        mode = upright.mode if upright.mode in ("L", "RGB") else "RGB"
    elif upright.mode in ("1", "L", "LA", "I", "I;16", "RGB", "RGBA"):
        mode = upright.mode
    else:
        mode = "RGBA" if upright.has_transparency_data else "RGB"
    clean = upright.convert(mode) if mode != upright.mode else upright.copy()
    clean.info = {}  # Pillow's savers read icc_profile / comment from info: carry nothing over
    out = BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=policy.jpeg_quality, optimize=True)
    else:
        clean.save(out, "PNG")
    return out.getvalue()


# Keys that make a PDF act (scripts, event actions, attachments, XFA forms) and names that
# only appear in active things (action types, attachment and multimedia annotations).
_ACTIVE_KEYS = frozenset({"/JavaScript", "/JS", "/AA", "/EmbeddedFiles", "/XFA", "/RichMediaContent"})
_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMedia",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/Screen",
        "/3D",
    }
)
_SAFE_URI = ("http://", "https://", "mailto:")


def _active_in_dict(entry: DictionaryObject) -> str | None:
    for key in entry:
        if key in _ACTIVE_KEYS:
            return str(key)
    if "/OpenAction" in entry:  # a destination ("open at page 1") is fine, any other action is not
        action = entry["/OpenAction"]
        if not isinstance(action, ArrayObject) and not (
            isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo"
        ):
            return "/OpenAction"
    if entry.get("/S") == "/URI" and not str(entry.get("/URI", "")).strip().lower().startswith(_SAFE_URI):
        return "/URI"
    return None


def _find_active_content(reader: PdfReader) -> str | None:
    """Walks every object the file lists (object streams included, so compressed objects
    cannot hide) and the trailer; names arrive with #xx escapes already decoded by pypdf."""
    pending: list[Any] = [reader.trailer]
    pending += [IndirectObject(num, gen, reader) for gen, nums in reader.xref.items() for num in nums]
    pending += [IndirectObject(num, 0, reader) for num in reader.xref_objStm]
    seen: set[tuple[int, int]] = set()
    for _ in range(MAX_PDF_OBJECTS):
        if not pending:
            break
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) not in seen:
                seen.add((item.idnum, item.generation))
                pending.append(item.get_object())
        elif isinstance(item, DictionaryObject):  # stream dictionaries too; stream data is not code
            if found := _active_in_dict(item):
                return found
            pending.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            pending.extend(list.__iter__(item))
        elif isinstance(item, NameObject) and item in _ACTIVE_NAMES:
            return str(item)
    if pending:
        raise UploadRejected("too_complex")
    return None


def check_pdf(data: bytes, policy: UploadPolicy) -> None:
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected("encrypted")
        pages = len(reader.pages)
        found = _find_active_content(reader)
    except UploadRejected:
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile input, RecursionError included
        raise UploadRejected("corrupt", type(exc).__name__) from exc
    if found:
        raise UploadRejected("active_content", found)
    if pages == 0:
        raise UploadRejected("corrupt", "no pages")
    if pages > policy.max_pdf_pages:
        raise UploadRejected("too_many_pages", str(pages))
