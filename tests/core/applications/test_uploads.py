"""Uploads of application materials: limits, typing by content, image cleaning, PDF checks,
hostile names, private storage, owner-only reading and a pseudonymous audit trail.

Every hostile sample is generated here, byte by byte where a library would refuse to make it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import struct
import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from pypdf import PdfWriter
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, create_engine, select

import core.applications.upload_content as upload_content
import core.applications.upload_storage as upload_storage
from core.applications.upload_records import StoredUploadRecord
from core.applications.upload_storage import (
    FileUploadStore,
    InMemoryUploadStore,
    UploadStoreError,
    publicly_served_folders,
)
from core.applications.uploads import (
    CHUNK_SIZE,
    CitizenCaller,
    UploadNotFound,
    UploadPolicy,
    UploadRejected,
    UploadService,
    display_name,
)
from core.audit import AuditEvent, AuditLog, pseudonym
from core.identity.permissions import Permission, Role, StaffPrincipal
from core.settings import REPO_ROOT, Settings

OWNER = "c0ffee00c0ffee00c0ffee00c0ffee00"
OTHER = "badc0de0badc0de0badc0de0badc0de0"
MiB = 1024 * 1024
STORAGE_KEY = re.compile(r"[0-9a-f]{32}\.(jpg|png|pdf)")


# ---------------------------------------------------------------- samples


def png_bytes(size: tuple[int, int] = (16, 12), mode: str = "RGB", color: object = "green", **save) -> bytes:
    out = BytesIO()
    Image.new(mode, size, color).save(out, "PNG", **save)
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (16, 12), mode: str = "RGB", color: object = "green", **save) -> bytes:
    out = BytesIO()
    Image.new(mode, size, color).save(out, "JPEG", **save)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG header claiming huge dimensions, with almost no pixel data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    )


def png_chunk_types(data: bytes) -> list[bytes]:
    kinds, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


def jpeg_markers(data: bytes) -> list[int]:
    """Markers of the segments before the image data (APPn, COM, DQT, ...)."""
    markers, at = [], 2
    while at < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: metadata cannot follow
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    return markers


SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>'
    b'<rdf:Description photoshop:City="Shanghai"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo() -> bytes:
    """Landscape 40x20, left half red, taken 'rotated' (EXIF orientation 6) with GPS, ICC, XMP
    and a comment: everything a phone leaks."""
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 13.0, 40.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 28.0, 12.25)
    out = BytesIO()
    image.save(
        out, "JPEG", exif=exif, icc_profile=SRGB_ICC, comment=b"home: 1 Example Rd", xmp=XMP, quality=95
    )
    return out.getvalue()


def build_pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A classic PDF with a correct xref table; objects[i] is the body of object i+1 (1: catalog)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def one_page_pdf(catalog: bytes = b"", page: bytes = b"", *more: bytes) -> bytes:
    return build_pdf(
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page + b" >>",
        *more,
    )


def link(action: bytes) -> bytes:
    return b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A " + action + b" >>"


def object_stream_pdf(annotation: bytes, *, referenced: bool = True) -> bytes:
    """PDF 1.5 layout: the page's annotation (object 5) lives compressed inside an object
    stream, and the xref is itself a stream, so its text never appears in the file's bytes."""
    header = b"5 0 "
    packed = zlib.compress(header + annotation)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s>>"
        % (b"/Annots [5 0 R] " if referenced else b""),
        4: b"<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
        % (len(header), len(packed), packed),
    }
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[6] = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    rows += [b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in (1, 2, 3, 4)]
    rows += [b"\x02" + (4).to_bytes(4, "big") + (0).to_bytes(2, "big")]  # object 5: stream 4, index 0
    rows += [b"\x01" + offsets[6].to_bytes(4, "big") + b"\x00\x00"]
    xref = b"".join(rows)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(xref)
    out += xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def pypdf_pdf(pages: int = 1, encrypt: tuple[str, str] | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if encrypt:
        writer.encrypt(user_password=encrypt[0], owner_password=encrypt[1], algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


class EndlessStream(io.RawIOBase):
    """A client that keeps sending: a JPEG header, then zeros, up to `cap` bytes."""

    def __init__(self, cap: int) -> None:
        self.cap, self.served = cap, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and size > 0, "the service must read in bounded chunks"
        size = min(size, self.cap - self.served)
        chunk = (b"\xff\xd8\xff\xe0" + b"\x00" * size)[:size] if self.served == 0 else b"\x00" * size
        self.served += len(chunk)
        return chunk


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def upload_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'uploads.db'}")
    SQLModel.metadata.create_all(engine, tables=[StoredUploadRecord.__table__, AuditEvent.__table__])
    yield engine
    engine.dispose()


@pytest.fixture
def store() -> InMemoryUploadStore:
    return InMemoryUploadStore()


@pytest.fixture
def audit(upload_engine: Engine) -> AuditLog:
    return AuditLog(upload_engine)


def make_service(engine: Engine, store, audit: AuditLog, **policy: int) -> UploadService:
    return UploadService(
        engine, store, audit, policy=UploadPolicy(**policy), staff_permission=Permission.ASSIST_CUSTOMER
    )


@pytest.fixture
def service(upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog) -> UploadService:
    return make_service(upload_engine, store, audit)


def accept(service: UploadService, data: bytes, name: str = "material.bin", declared: str | None = None):
    return service.accept(OWNER, name, BytesIO(data), declared, channel="pc")


def rejected(service: UploadService, data: bytes, name: str = "material.bin") -> str:
    with pytest.raises(UploadRejected) as caught:
        accept(service, data, name)
    return caught.value.code


# ---------------------------------------------------------------- size


def test_a_stream_that_never_ends_is_refused_after_reading_little_more_than_the_limit(
    upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog
) -> None:
    service = make_service(upload_engine, store, audit, max_bytes=1 * MiB)
    stream = EndlessStream(cap=8 * MiB)
    with pytest.raises(UploadRejected) as caught:
        service.accept(OWNER, "scan.jpg", stream, "image/jpeg")
    assert caught.value.code == "too_large"
    assert stream.served <= 1 * MiB + CHUNK_SIZE
    assert store.blobs == {}


def test_the_size_limit_is_inclusive_and_settable(
    upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog
) -> None:
    data = png_bytes((64, 64))
    assert accept(make_service(upload_engine, store, audit, max_bytes=len(data)), data).size > 0
    assert rejected(make_service(upload_engine, store, audit, max_bytes=len(data) - 1), data) == "too_large"


def test_the_default_size_limit_is_10_mib() -> None:
    assert UploadPolicy().max_bytes == 10 * MiB


def test_the_receiver_refuses_on_the_chunk_that_crosses_the_limit(
    upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog
) -> None:
    service = make_service(upload_engine, store, audit, max_bytes=1000)
    receiver = service.receiver(OWNER, "scan.png", "image/png", channel="mobile")
    receiver.write(b"\x89PNG" + b"\x00" * 596)
    with pytest.raises(UploadRejected, match="too_large"):
        receiver.write(b"\x00" * 401)
    with pytest.raises(RuntimeError):
        receiver.finish()


def test_chunks_fed_to_the_receiver_make_the_same_upload_as_a_stream(service: UploadService) -> None:
    data = png_bytes((50, 40))
    receiver = service.receiver(OWNER, "scan.png", "image/png")
    for at in range(0, len(data), 7):
        receiver.write(data[at : at + 7])
    assert receiver.finish().sha256 == accept(service, data).sha256


def test_an_empty_file_is_refused(service: UploadService) -> None:
    assert rejected(service, b"") == "empty"


# ---------------------------------------------------------------- type by content


@pytest.mark.parametrize(
    ("data", "name", "declared", "media_type", "ext"),
    [
        (png_bytes(), "passport.pdf", "application/pdf", "image/png", "png"),
        (jpeg_bytes(), "photo.png", "image/png", "image/jpeg", "jpg"),
        (pypdf_pdf(), "licence.jpg", "image/jpeg", "application/pdf", "pdf"),
        (png_bytes(), "no-extension", None, "image/png", "png"),
    ],
)
def test_the_type_comes_from_the_content_not_the_name_or_the_declared_type(
    service: UploadService, store: InMemoryUploadStore, data, name, declared, media_type, ext
) -> None:
    meta = accept(service, data, name, declared)
    assert meta.media_type == media_type
    assert list(store.blobs) == [f"{meta.id}.{ext}"]
    assert meta.download_name.endswith(f".{ext}")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, id="windows-exe"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 200, id="elf"),
        pytest.param(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", id="gif"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', id="svg"),
        pytest.param(b"<!DOCTYPE html><html><script>alert(1)</script>", id="html"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 100, id="zip-or-docx"),
        pytest.param(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, id="heic"),
        pytest.param(b"BM" + b"\x00" * 100, id="bmp"),
        pytest.param(b" %PDF-1.7\n", id="pdf-magic-not-at-the-start"),
    ],
)
def test_anything_but_jpeg_png_and_pdf_is_unsupported_whatever_its_name(service: UploadService, data) -> None:
    assert rejected(service, data, "photo.jpg") == "unsupported_type"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.7\nthis is not a PDF at all\n", id="pdf-magic-then-text"),
        pytest.param(b"%PDF-1.4\n" + os.urandom(2000), id="pdf-magic-then-noise"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 500, id="jpeg-magic-then-zeros"),
        pytest.param(jpeg_bytes((64, 64))[:300], id="truncated-jpeg"),
        pytest.param(png_bytes((64, 64), color=(1, 2, 3))[:60], id="truncated-png"),
        pytest.param(png_header_only(40, 40), id="png-without-its-pixels"),
    ],
)
def test_content_claiming_an_accepted_type_but_not_decodable_is_corrupt(service: UploadService, data) -> None:
    assert rejected(service, data) == "corrupt"


# ---------------------------------------------------------------- images


def test_pixel_limit_is_checked_from_the_header_before_decoding(
    upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog
) -> None:
    # png_header_only has no real pixel data: decoding it would say "corrupt", not "too_many_pixels".
    service = make_service(upload_engine, store, audit, max_pixels=1_000)
    assert rejected(service, png_header_only(40, 40)) == "too_many_pixels"
    assert rejected(service, png_bytes((40, 30))) == "too_many_pixels"
    assert accept(service, png_bytes((40, 25))).media_type == "image/png"


def test_a_decompression_bomb_far_over_the_limit_is_refused_by_pillow_itself(service: UploadService) -> None:
    assert rejected(service, png_header_only(100_000, 100_000)) == "too_many_pixels"


def test_pillows_bomb_warning_is_a_refusal_whether_or_not_warnings_are_errors(service: UploadService) -> None:
    bomb = png_header_only(7_000, 7_000)  # 49 Mpx: over the limit, under twice it
    assert rejected(service, bomb) == "too_many_pixels"  # pytest turns the warning into an error
    with pytest.warns(Image.DecompressionBombWarning):  # as in production: only a warning
        assert rejected(service, bomb) == "too_many_pixels"


def test_pillows_global_limit_matches_the_upload_limit() -> None:
    assert Image.MAX_IMAGE_PIXELS is not None
    assert UploadPolicy().max_pixels <= Image.MAX_IMAGE_PIXELS <= upload_content.DEFAULT_MAX_PIXELS
    with pytest.raises(ValueError):
        UploadPolicy(max_pixels=Image.MAX_IMAGE_PIXELS + 1)


def test_a_photo_is_stored_upright_without_gps_exif_icc_xmp_or_comment(
    service: UploadService, store: InMemoryUploadStore
) -> None:
    original = phone_photo()
    with Image.open(BytesIO(original)) as check:  # the sample really carries what it should
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert {"icc_profile", "comment", "xmp"} <= set(check.info)

    meta = accept(service, original, "IMG_0001.jpg", "image/jpeg")
    stored = store.blobs[meta.storage_key]

    for secret in (
        b"Exif\x00\x00",
        b"ICC_PROFILE",
        b"http://ns.adobe.com/xap/1.0/",
        b"Example Rd",
        b"PhoneCo",
    ):
        assert secret not in stored
    assert set(jpeg_markers(stored)) & ({*range(0xE1, 0xF0), 0xFE}) == set()  # only APP0 (JFIF) remains
    with Image.open(BytesIO(stored)) as image:
        assert not image.getexif()
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
        assert image.size == (20, 40)  # orientation 6 applied: the landscape shot stands up
        red, blue = image.convert("RGB").getpixel((10, 5)), image.convert("RGB").getpixel((10, 35))
    assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]
    assert meta.size == len(stored)
    assert meta.sha256 == hashlib.sha256(stored).hexdigest()


def test_a_png_is_stored_without_text_exif_icc_or_xmp_chunks(
    service: UploadService, store: InMemoryUploadStore
) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 31.2N 121.4E")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_text("Author", "Zhang San", zip=True)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    data = png_bytes((30, 20), pnginfo=info, exif=exif, icc_profile=SRGB_ICC, dpi=(300, 300))
    assert {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"} <= set(png_chunk_types(data))

    stored = store.blobs[accept(service, data, "screenshot.png").storage_key]

    assert set(png_chunk_types(stored)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    assert b"PhoneCo" not in stored and b"GPS" not in stored


@pytest.mark.parametrize(
    ("data", "mode"),
    [
        (png_bytes(mode="RGBA", color=(1, 2, 3, 100)), "RGBA"),
        (png_bytes(mode="L", color=128), "L"),
        (png_bytes(mode="P", color=3, transparency=3), "RGBA"),
        (png_bytes(mode="1", color=1), "1"),
        (jpeg_bytes(mode="CMYK", color=(0, 255, 255, 0)), "RGB"),
        (jpeg_bytes(mode="L", color=128), "L"),
    ],
)
def test_every_common_image_mode_is_re_encoded_decodably(
    service: UploadService, store: InMemoryUploadStore, data: bytes, mode: str
) -> None:
    with Image.open(BytesIO(store.blobs[accept(service, data).storage_key])) as image:
        image.load()
        assert image.mode == mode


# ---------------------------------------------------------------- PDFs


ACTIVE_PDFS = {
    "open-action-javascript": one_page_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "document-javascript": one_page_pdf(
        b"/Names << /JavaScript 4 0 R >>", b"", b"<< /Names [(x) 5 0 R] >>", b"<< /S /JavaScript /JS (a) >>"
    ),
    "page-additional-actions": one_page_pdf(b"", b"/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>"),
    "launch": one_page_pdf(b"", b"/Annots [4 0 R]", link(b"<< /S /Launch /F (cmd.exe) >>")),
    "embedded-file": one_page_pdf(
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
        b"",
        b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
    ),
    "file-attachment-annotation": one_page_pdf(
        b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] >>"
    ),
    "rich-media": one_page_pdf(
        b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"
    ),
    "xfa-form": one_page_pdf(b"/AcroForm << /Fields [] /XFA (<xdp/>) >>"),
    "form-field-script": one_page_pdf(
        b"/AcroForm << /Fields [4 0 R] >>",
        b"",
        b"<< /FT /Tx /T (name) /AA << /K 5 0 R >> >>",
        b"<< /JS (x) >>",
    ),
    "hex-escaped-names": one_page_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    "open-action-phones-home": one_page_pdf(b"/OpenAction << /S /URI /URI (https://tracker.test/open) >>"),
    "unreferenced-script-object": one_page_pdf(b"", b"", b"<< /S /JavaScript /JS (app.alert(1)) >>"),
    "javascript-uri": one_page_pdf(
        b"", b"/Annots [4 0 R]", link(b"<< /S /URI /URI (javascript:alert(1)) >>")
    ),
    "submit-form": one_page_pdf(b"", b"/Annots [4 0 R]", link(b"<< /S /SubmitForm /F (http://x.test) >>")),
    "remote-goto-unc": one_page_pdf(
        b"", b"/Annots [4 0 R]", link(b"<< /S /GoToR /F (\\\\\\\\evil\\\\share\\\\x.pdf) /D [0 /Fit] >>")
    ),
    "hidden-in-object-stream": object_stream_pdf(link(b"<< /S /JavaScript /JS (app.alert(1)) >>")),
    "unreferenced-in-object-stream": object_stream_pdf(
        link(b"<< /S /JavaScript /JS (app.alert(1)) >>"), referenced=False
    ),
}


@pytest.mark.parametrize("name", ACTIVE_PDFS)
def test_pdfs_with_active_content_are_refused(service: UploadService, name: str) -> None:
    assert rejected(service, ACTIVE_PDFS[name], f"{name}.pdf") == "active_content"


def test_compressed_object_streams_hide_scripts_from_byte_scanners_but_not_from_the_parser(
    service: UploadService,
) -> None:
    hidden = ACTIVE_PDFS["hidden-in-object-stream"]
    assert b"JavaScript" not in hidden and b"/JS" not in hidden
    benign = object_stream_pdf(b"<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Contents (hello) >>")
    assert accept(service, benign).media_type == "application/pdf"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(one_page_pdf(b"/OpenAction [3 0 R /Fit]"), id="open-at-page-one"),
        pytest.param(one_page_pdf(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"), id="goto-open-action"),
        pytest.param(
            one_page_pdf(b"", b"/Annots [4 0 R]", link(b"<< /S /URI /URI (https://zwfw.example.gov.cn/) >>")),
            id="web-link",
        ),
        pytest.param(
            one_page_pdf(b"/AcroForm << /Fields [4 0 R] >>", b"", b"<< /FT /Tx /T (name) /V (Zhang San) >>"),
            id="plain-fillable-form",
        ),
    ],
)
def test_ordinary_pdfs_from_office_suites_and_scanners_are_accepted_byte_for_byte(
    service: UploadService, store: InMemoryUploadStore, data: bytes
) -> None:
    meta = accept(service, data, "form.pdf", "application/pdf")
    assert store.blobs[meta.storage_key] == data  # kept as is: signatures on e-licences stay valid


@pytest.mark.parametrize(
    "passwords", [("secret", "owner"), ("", "owner-only")], ids=["user-password", "owner-only"]
)
def test_encrypted_pdfs_are_refused(service: UploadService, passwords: tuple[str, str]) -> None:
    assert rejected(service, pypdf_pdf(encrypt=passwords)) == "encrypted"


def test_the_page_limit_is_settable_and_defaults_to_50(
    upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog
) -> None:
    assert UploadPolicy().max_pdf_pages == 50
    service = make_service(upload_engine, store, audit, max_pdf_pages=3)
    assert accept(service, pypdf_pdf(pages=3)).media_type == "application/pdf"
    assert rejected(service, pypdf_pdf(pages=4)) == "too_many_pages"


def test_a_pdf_without_pages_is_corrupt(service: UploadService) -> None:
    empty = build_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>")
    assert rejected(service, empty) == "corrupt"


def test_absurd_nesting_is_corrupt_not_a_crash(service: UploadService) -> None:
    deep = one_page_pdf(b"/Deep " + b"[" * 50_000 + b"]" * 50_000)
    assert rejected(service, deep) == "corrupt"


def test_the_inspection_has_a_work_budget(service: UploadService, monkeypatch: pytest.MonkeyPatch) -> None:
    many = one_page_pdf(
        b"/Junk [" + b" ".join(b"%d 0 R" % n for n in range(4, 40)) + b"]", b"", *[b"<< >>"] * 36
    )
    assert accept(service, many).media_type == "application/pdf"
    monkeypatch.setattr(upload_content, "MAX_PDF_OBJECTS", 20)
    assert rejected(service, many) == "too_complex"


# ---------------------------------------------------------------- hostile names


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system32\\evil.png", "evil.png"),
        ("C:\\Users\\me\\身份证正面.jpg", "身份证正面.jpg"),
        ("scan\x00.php.jpg", "scan.php.jpg"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # RTL override would show it as "invoiceexe.jpg"
        ("zero\u200bwidth\ufeff.png", "zerowidth.png"),
        ("CON.jpg", "_CON.jpg"),
        ("lpt1", "_lpt1"),
        ("a<b>c:d|e?f*.png", "a_b_c_d_e_f_.png"),
        ("line\nbreak\ttab.pdf", "line break tab.pdf"),
        ("..", "upload"),
        ("", "upload"),
        (None, "upload"),
        ("dir/", "dir"),
        (" .hidden. ", "hidden"),
        ("\ud800lone-surrogate.png", "lone-surrogate.png"),
    ],
)
def test_hostile_names_become_harmless_display_text(given: str | None, shown: str) -> None:
    assert display_name(given) == shown


def test_long_names_are_cut_to_100_characters_keeping_the_extension() -> None:
    assert display_name("证" * 500 + ".pdf") == "证" * 96 + ".pdf"
    assert len(display_name("x" * 5000)) == 100
    assert len(display_name("x" * 300 + "." + "y" * 50)) == 100


def test_the_stored_file_gets_a_server_made_name_and_the_record_only_display_text(
    service: UploadService, store: InMemoryUploadStore, upload_engine: Engine
) -> None:
    meta = accept(service, png_bytes(), "../../etc/passwd\u202e\x00" + "A" * 400)
    assert STORAGE_KEY.fullmatch(meta.storage_key) and list(store.blobs) == [meta.storage_key]
    with Session(upload_engine) as session:
        row = session.exec(select(StoredUploadRecord)).one()
    assert row.display_name == meta.display_name == "passwd" + "A" * 94
    assert (row.owner_id, row.media_type, row.size, row.sha256) == (
        OWNER,
        "image/png",
        meta.size,
        meta.sha256,
    )


# ---------------------------------------------------------------- storage


def test_files_on_disk_are_private_atomic_and_named_by_the_server(
    tmp_path: Path, upload_engine: Engine, audit: AuditLog
) -> None:
    root = tmp_path / "private" / "uploads"
    service = make_service(upload_engine, FileUploadStore(root), audit)
    meta = accept(service, phone_photo(), "../../../../tmp/evil.jpg")
    files = [path for path in root.rglob("*") if path.is_file()]
    assert [path.name for path in files] == [meta.storage_key]
    assert files[0].parent.parent == root.resolve()
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert not (tmp_path / "tmp").exists() and not Path("/tmp/evil.jpg").exists()


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileUploadStore(tmp_path / "uploads")
    key = "ab" + "0" * 30 + ".pdf"
    store.put(key, b"old")

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(upload_storage.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        store.put(key, b"new")
    monkeypatch.undo()
    assert store.get(key) == b"old"
    assert [path.name for path in (tmp_path / "uploads").rglob("*") if path.is_file()] == [key]


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "ab/../../x.pdf", "0" * 32 + ".exe", "0" * 32 + ".pdf\x00"]
)
def test_stores_refuse_keys_the_server_never_makes(tmp_path: Path, key: str) -> None:
    for store in (FileUploadStore(tmp_path / "u"), InMemoryUploadStore()):
        with pytest.raises(UploadStoreError):
            store.put(key, b"x")


def test_a_missing_blob_is_a_key_error(tmp_path: Path) -> None:
    for store in (FileUploadStore(tmp_path / "u"), InMemoryUploadStore()):
        with pytest.raises(KeyError):
            store.get("f" * 32 + ".png")


def test_the_publicly_served_folders_are_the_repos_assets_web_build_and_reflex_uploads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REFLEX_UPLOADED_FILES_DIR", raising=False)
    served = set(publicly_served_folders())
    assert {REPO_ROOT / "assets", REPO_ROOT / ".web", REPO_ROOT / "uploaded_files"} <= served


@pytest.fixture
def fake_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The same checks against a throwaway repo, so a broken check cannot litter the real one."""
    repo = tmp_path / "repo"
    for folder in ("assets", ".web/public", "uploaded_files"):
        (repo / folder).mkdir(parents=True)
    monkeypatch.setattr(upload_storage, "REPO_ROOT", repo)
    monkeypatch.delenv("REFLEX_UPLOADED_FILES_DIR", raising=False)
    return repo


@pytest.mark.parametrize("served", ["assets", ".web", "uploaded_files", ".web/public/_upload", "assets/."])
def test_a_root_inside_a_publicly_served_folder_is_refused(fake_repo: Path, served: str) -> None:
    with pytest.raises(UploadStoreError, match="publicly served"):
        FileUploadStore(fake_repo / served / "uploads")
    with pytest.raises(UploadStoreError, match="publicly served"):
        FileUploadStore(fake_repo / served)
    assert not (fake_repo / served / "uploads").exists()


def test_a_symlink_into_assets_and_reflexs_configured_upload_dir_are_refused(
    fake_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sneaky").symlink_to(fake_repo / "assets", target_is_directory=True)
    with pytest.raises(UploadStoreError):
        FileUploadStore(tmp_path / "sneaky" / "uploads")
    monkeypatch.setenv("REFLEX_UPLOADED_FILES_DIR", str(tmp_path / "reflex_uploads"))
    with pytest.raises(UploadStoreError):
        FileUploadStore(tmp_path / "reflex_uploads" / "materials")
    assert list((fake_repo / "assets").iterdir()) == []
    assert FileUploadStore(fake_repo / "var" / "uploads").root == (fake_repo / "var" / "uploads").resolve()


def test_the_upload_folder_comes_from_settings_and_defaults_outside_public_folders() -> None:
    default = Settings().upload_dir
    assert default == REPO_ROOT / "var" / "uploads"
    assert not any(folder == default or folder in default.parents for folder in publicly_served_folders())
    assert Settings.from_env({"YIWANG_UPLOAD_DIR": "/srv/yiwang/uploads"}).upload_dir == Path(
        "/srv/yiwang/uploads"
    )


def test_a_failed_database_write_removes_the_stored_bytes(tmp_path: Path, store: InMemoryUploadStore) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'no-upload-table.db'}")
    SQLModel.metadata.create_all(engine, tables=[AuditEvent.__table__])
    with pytest.raises(Exception, match="stored_upload"):
        accept(make_service(engine, store, AuditLog(engine)), png_bytes())
    assert store.blobs == {}
    engine.dispose()


def test_it_runs_on_the_migrated_schema(database_url: str, store: InMemoryUploadStore) -> None:
    engine = create_engine(database_url)
    service = UploadService(engine, store, AuditLog(engine))
    meta = accept(service, phone_photo(), "IMG_0001.jpg")
    assert service.open_for(meta.id, CitizenCaller(OWNER)) == (meta, store.blobs[meta.storage_key])
    engine.dispose()


# ---------------------------------------------------------------- reading back


def staff(*roles: Role) -> StaffPrincipal:
    return StaffPrincipal(username="li.si", display_name="Li Si", roles=frozenset(roles))


def test_the_owner_reads_their_upload_back(service: UploadService) -> None:
    data = pypdf_pdf()
    meta = accept(service, data, "licence.pdf")
    got_meta, got = service.open_for(meta.id, CitizenCaller(OWNER))
    assert got == data and got_meta == meta


@pytest.mark.parametrize(
    "caller",
    [CitizenCaller(OTHER), CitizenCaller(""), staff(Role.EDITOR, Role.ADMIN), None],
    ids=["another-citizen", "blank-citizen", "staff-without-permission", "nobody"],
)
def test_anyone_else_gets_the_same_not_found_as_for_a_missing_id(service: UploadService, caller) -> None:
    meta = accept(service, png_bytes())
    with pytest.raises(UploadNotFound) as forbidden:
        service.open_for(meta.id, caller)
    with pytest.raises(UploadNotFound) as missing:
        service.open_for("0" * 32, CitizenCaller(OWNER))
    with pytest.raises(UploadNotFound) as malformed:
        service.open_for("../" + meta.id, CitizenCaller(OWNER))
    assert str(forbidden.value) == str(missing.value) == str(malformed.value)


def test_staff_read_only_with_the_configured_permission_and_on_the_record(
    service: UploadService, upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog
) -> None:
    meta = accept(service, png_bytes())
    _, data = service.open_for(meta.id, staff(Role.TELLER), channel="bank")
    assert data == store.blobs[meta.storage_key]
    [event] = audit.events("upload.read")
    assert (event.outcome, event.actor, event.detail["upload"]) == ("ok", "li.si", meta.id)
    assert event.detail["owner"] == pseudonym(OWNER)
    no_staff = UploadService(upload_engine, store, audit)  # staff_permission defaults to nobody
    with pytest.raises(UploadNotFound):
        no_staff.open_for(meta.id, staff(Role.TELLER))


# ---------------------------------------------------------------- audit


def test_the_audit_trail_has_pseudonyms_and_outcomes_but_never_names_or_ids(
    service: UploadService, audit: AuditLog
) -> None:
    secret_name = "张三-身份证-310101199001011234.jpg"
    meta = accept(service, png_bytes(), secret_name, "image/jpeg")
    for data in (b"MZ" + b"\x00" * 50, ACTIVE_PDFS["launch"], phone_photo()[:200]):
        with pytest.raises(UploadRejected):
            accept(service, data, secret_name)
    with pytest.raises(UploadNotFound):
        service.open_for(meta.id, CitizenCaller(OTHER))

    events = audit.events("upload.")
    assert [(e.action, e.outcome, e.detail.get("reason")) for e in reversed(events)] == [
        ("upload.accept", "ok", None),
        ("upload.accept", "refused", "unsupported_type"),
        ("upload.accept", "refused", "active_content"),
        ("upload.accept", "refused", "corrupt"),
        ("upload.read", "refused", None),
    ]
    assert {e.actor for e in events} == {pseudonym(OWNER), pseudonym(OTHER)}
    assert events[-1].detail == {
        "upload": meta.id,
        "media_type": "image/png",
        "size": meta.size,
        "name_ext": "jpg",
        "declared_mismatch": True,
    }
    dumped = json.dumps([e.model_dump(mode="json") for e in events], ensure_ascii=False)
    for leak in (OWNER, OTHER, "张三", "310101199001011234", "身份证"):
        assert leak not in dumped


def test_a_too_large_refusal_is_audited(
    upload_engine: Engine, store: InMemoryUploadStore, audit: AuditLog
) -> None:
    service = make_service(upload_engine, store, audit, max_bytes=100)
    with pytest.raises(UploadRejected):
        service.accept(OWNER, "big.pdf", EndlessStream(cap=1000), channel="mobile")
    [event] = audit.events("upload.accept")
    assert (event.outcome, event.actor, event.channel, event.detail) == (
        "refused",
        pseudonym(OWNER),
        "mobile",
        {"reason": "too_large", "name_ext": "pdf"},
    )
