"""Streamed uploads in background handlers: the first file is received chunk by chunk, refused
as soon as it is too big (and still drained), checked by content and stored privately."""

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image
from reflex import UploadChunk

from core.applications.upload_content import UploadPolicy
from core.applications.upload_storage import FileUploadStore
from core.applications.uploads import UploadService
from core.audit import AuditLog
from core.db import get_engine
from web.pages import apply_materials


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


class Chunks:
    """What Reflex hands a background upload handler; remembers how much was read."""

    def __init__(self, files: dict[str, bytes], size: int = 1000) -> None:
        self.parts = [
            UploadChunk(filename=name, offset=i, content_type="image/png", data=data[i : i + size])
            for name, data in files.items()
            for i in range(0, len(data), size)
        ]
        self.read = 0

    def __aiter__(self) -> AsyncIterator[UploadChunk]:
        return self

    async def __anext__(self) -> UploadChunk:
        if self.read == len(self.parts):
            raise StopAsyncIteration
        self.read += 1
        return self.parts[self.read - 1]


@pytest.fixture
def service(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UploadService:
    engine = get_engine(database_url)
    made = UploadService(
        engine, FileUploadStore(tmp_path / "uploads"), AuditLog(engine), UploadPolicy(max_bytes=4000)
    )
    monkeypatch.setattr(apply_materials, "upload_service", lambda: made)
    return made


def test_a_photo_is_received_checked_and_stored(service: UploadService, tmp_path: Path) -> None:
    chunks = Chunks({"photo.png": _png(), "second.png": _png()})
    stored, error = asyncio.run(apply_materials.receive_upload("alice", chunks))
    assert error == "" and stored is not None and stored.display_name == "photo.png"
    assert chunks.read == len(chunks.parts)  # the second file was drained, not kept
    assert stored.owner_id == "alice" and len(list((tmp_path / "uploads").rglob("*"))) == 2  # folder + file


def test_an_oversized_file_is_refused_early_and_drained(service: UploadService, tmp_path: Path) -> None:
    chunks = Chunks({"big.png": _png() + b"\0" * 10_000})
    stored, error = asyncio.run(apply_materials.receive_upload("alice", chunks))
    assert (stored, error) == (None, "too_large")
    assert chunks.read == len(chunks.parts)
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").rglob("*.*"))


def test_a_disguised_program_is_refused_by_content(service: UploadService) -> None:
    stored, error = asyncio.run(
        apply_materials.receive_upload("alice", Chunks({"id.png": b"MZ\x90\x00" * 50}))
    )
    assert (stored, error) == (None, "unsupported_type")


def test_without_a_caller_nothing_is_stored(service: UploadService) -> None:
    chunks = Chunks({"photo.png": _png()})
    assert asyncio.run(apply_materials.receive_upload(None, chunks)) == (None, "login")
    assert chunks.read == len(chunks.parts)
    assert asyncio.run(apply_materials.receive_upload("alice", Chunks({}))) == (None, "empty")
