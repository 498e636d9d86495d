"""Where the bytes of uploaded materials live: a private folder on disk, or memory in tests.

Keys are made by the server (random hex + the detected type's extension) and checked again
here, so no client-supplied text can reach a path. The folder must not be one that anything
serves publicly: the repo's assets/ and .web/ and Reflex's upload folder (served at /_upload)
are refused.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from core.settings import REPO_ROOT

KEY_PATTERN = re.compile(r"[0-9a-f]{32}\.(?:jpg|png|pdf)")


class UploadStoreError(RuntimeError):
    """The store was misconfigured or asked for a key it never makes."""


class UploadStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...  # KeyError when absent

    def delete(self, key: str) -> None: ...  # no error when absent


def _check_key(key: str) -> str:
    if not KEY_PATTERN.fullmatch(key):
        raise UploadStoreError("refused an upload key the server does not make")
    return key


def publicly_served_folders() -> list[Path]:
    """Folders a web server of this product may serve; uploads never go under them."""
    reflex_uploads = os.environ.get("REFLEX_UPLOADED_FILES_DIR", "uploaded_files")
    folders = [REPO_ROOT / "assets", REPO_ROOT / ".web", REPO_ROOT / "uploaded_files", Path(reflex_uploads)]
    return [(REPO_ROOT / folder).resolve() for folder in folders]  # a relative folder is from the repo


class FileUploadStore:
    """One file per upload under root/<first two hex digits>/, written atomically with mode 0600."""

    def __init__(self, root: Path) -> None:
        resolved = Path(root).resolve()  # follows symlinks, so a link into assets/ is caught too
        for served in publicly_served_folders():
            if resolved == served or served in resolved.parents:
                raise UploadStoreError(f"upload folder {resolved} is inside publicly served {served}")
        resolved.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.root = resolved

    def _path(self, key: str) -> Path:
        return self.root / _check_key(key)[:2] / key

    def put(self, key: str, data: bytes) -> None:
        final = self._path(key)
        final.parent.mkdir(mode=0o700, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")  # created 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, final)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        directory = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a crash
        finally:
            os.close(directory)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class InMemoryUploadStore:
    """For unit tests: same key rules, nothing on disk."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def put(self, key: str, data: bytes) -> None:
        with self._lock:
            self.blobs[_check_key(key)] = bytes(data)

    def get(self, key: str) -> bytes:
        with self._lock:
            return self.blobs[_check_key(key)]

    def delete(self, key: str) -> None:
        with self._lock:
            self.blobs.pop(_check_key(key), None)
