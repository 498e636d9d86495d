"""Accepting citizens' application materials: photos and scans (JPEG, PNG) and PDFs.

Every upload is size-limited while it is read, typed by its content (never by its name or the
client's content type), and inspected before it is stored: images are decoded and re-encoded
upright without any metadata (EXIF and GPS, XMP, ICC profile, comments); PDFs are parsed and
refused when encrypted, scripted or otherwise active, or too long. The original name survives
only as sanitised display text. Only the owner, or staff holding the permission the service was
given, can read an upload back; anyone else gets the same answer as for a missing id.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from sqlalchemy import Engine
from sqlmodel import Session

from core.applications.upload_content import (
    EXTENSIONS,
    RejectCode,
    UploadPolicy,
    UploadRejected,
    check_pdf,
    clean_image,
    display_name,
    sniff,
)
from core.applications.upload_records import StoredUploadRecord
from core.applications.upload_storage import UploadStore
from core.audit import AuditLog, pseudonym
from core.identity.permissions import Permission, StaffPrincipal

__all__ = [
    "Caller",
    "CitizenCaller",
    "RejectCode",
    "StoredUpload",
    "UploadNotFound",
    "UploadPolicy",
    "UploadReceiver",
    "UploadRejected",
    "UploadService",
    "display_name",
    "sniff",
]

CHUNK_SIZE = 64 * 1024
_UPLOAD_ID = re.compile(r"[0-9a-f]{32}")


class UploadNotFound(LookupError):
    """No upload with this id that the caller may read (deliberately indistinguishable)."""

    def __init__(self) -> None:
        super().__init__("no such upload")


@dataclass(frozen=True)
class StoredUpload:
    id: str
    owner_id: str
    sha256: str
    media_type: str
    size: int
    display_name: str
    created_at: datetime

    @property
    def storage_key(self) -> str:
        return f"{self.id}.{EXTENSIONS[self.media_type]}"

    @property
    def download_name(self) -> str:
        """The display name with the extension of the detected type, for Content-Disposition."""
        stem = self.display_name.rpartition(".")[0] or self.display_name
        return f"{stem[:90]}.{EXTENSIONS[self.media_type]}"

    @classmethod
    def of(cls, record: StoredUploadRecord) -> StoredUpload:
        created = record.created_at if record.created_at.tzinfo else record.created_at.replace(tzinfo=UTC)
        return cls(
            record.id,
            record.owner_id,
            record.sha256,
            record.media_type,
            record.size,
            record.display_name,
            created,
        )


@dataclass(frozen=True)
class CitizenCaller:
    citizen_id: str


Caller = CitizenCaller | StaffPrincipal


class UploadReceiver:
    """Takes one upload chunk by chunk (for async channels); refuses as soon as it is too big."""

    def __init__(
        self,
        service: UploadService,
        owner_id: str,
        filename: str | None,
        declared_type: str | None,
        channel: str,
    ) -> None:
        self._service, self._owner_id, self._channel = service, owner_id, channel
        self._name, self._declared = display_name(filename), declared_type
        self._parts: list[bytes] = []
        self._size = 0
        self._closed = False

    def write(self, chunk: bytes) -> None:
        if self._closed:
            raise RuntimeError("this upload was already finished or refused")
        self._size += len(chunk)
        if self._size > self._service.policy.max_bytes:
            self._closed, self._parts = True, []
            self._service._audit_refusal(self._owner_id, self._name, "too_large", self._channel)
            raise UploadRejected("too_large", f"over {self._service.policy.max_bytes} bytes")
        self._parts.append(bytes(chunk))

    def finish(self) -> StoredUpload:
        """Inspects and stores; CPU-bound, so async callers run it in a worker thread."""
        if self._closed:
            raise RuntimeError("this upload was already finished or refused")
        self._closed = True
        data, self._parts = b"".join(self._parts), []
        try:
            service = self._service
            return service._store_checked(self._owner_id, self._name, data, self._declared, self._channel)
        except UploadRejected as exc:
            self._service._audit_refusal(self._owner_id, self._name, exc.code, self._channel)
            raise


class UploadService:
    """`staff_permission`: the permission that lets staff read citizens' uploads (None: no staff)."""

    def __init__(
        self,
        engine: Engine,
        store: UploadStore,
        audit: AuditLog,
        policy: UploadPolicy | None = None,
        staff_permission: Permission | None = None,
    ) -> None:
        self._engine, self._store, self._audit = engine, store, audit
        self.policy = policy or UploadPolicy()
        self._staff_permission = staff_permission

    def receiver(
        self, owner_id: str, filename: str | None, declared_type: str | None = None, *, channel: str = ""
    ) -> UploadReceiver:
        if not owner_id:
            raise ValueError("an upload needs its owner's citizen id")
        return UploadReceiver(self, owner_id, filename, declared_type, channel)

    def accept(
        self,
        owner_id: str,
        filename: str | None,
        stream: BinaryIO,
        declared_type: str | None = None,
        *,
        channel: str = "",
    ) -> StoredUpload:
        """Reads `stream` in chunks, never more than max_bytes + one chunk, then inspects and stores.
        `declared_type` (the client's content type) is only compared in the audit, never trusted."""
        receiver = self.receiver(owner_id, filename, declared_type, channel=channel)
        while chunk := stream.read(CHUNK_SIZE):
            receiver.write(chunk)
        return receiver.finish()

    def open_for(self, upload_id: str, caller: Caller, *, channel: str = "") -> tuple[StoredUpload, bytes]:
        record = None
        if isinstance(upload_id, str) and _UPLOAD_ID.fullmatch(upload_id):
            with Session(self._engine) as session:
                record = session.get(StoredUploadRecord, upload_id)
        is_staff = isinstance(caller, StaffPrincipal)
        if is_staff:
            actor = caller.username
        else:
            actor = pseudonym(caller.citizen_id) if isinstance(caller, CitizenCaller) else "anonymous"
        if record is None or not self._may_read(record, caller):
            self._audit.record("upload.read", "refused", actor=actor, channel=channel)
            raise UploadNotFound()
        meta = StoredUpload.of(record)
        try:
            data = self._store.get(meta.storage_key)
        except KeyError:
            self._audit.record("upload.read", "failed", actor=actor, channel=channel, upload=meta.id)
            raise UploadNotFound() from None
        if is_staff:  # staff looking at a citizen's material is always on the record
            self._audit.record(
                "upload.read",
                "ok",
                actor=actor,
                channel=channel,
                upload=meta.id,
                owner=pseudonym(meta.owner_id),
            )
        return meta, data

    def _may_read(self, record: StoredUploadRecord, caller: Caller) -> bool:
        if isinstance(caller, StaffPrincipal):
            return self._staff_permission is not None and caller.can(self._staff_permission)
        if isinstance(caller, CitizenCaller):
            return bool(caller.citizen_id) and caller.citizen_id == record.owner_id
        return False

    def _store_checked(
        self, owner_id: str, name: str, data: bytes, declared: str | None, channel: str
    ) -> StoredUpload:
        if not data:
            raise UploadRejected("empty")
        media_type = sniff(data[:8])
        if media_type is None:
            raise UploadRejected("unsupported_type")
        if media_type == "application/pdf":
            check_pdf(data, self.policy)
            clean = data  # kept byte for byte: signed PDFs (e-licences) stay verifiable
        else:
            clean = clean_image(data, media_type, self.policy)
        record = StoredUploadRecord(
            id=secrets.token_hex(16),
            owner_id=owner_id,
            sha256=hashlib.sha256(clean).hexdigest(),
            media_type=media_type,
            size=len(clean),
            display_name=name,
        )
        meta = StoredUpload.of(record)
        self._store.put(meta.storage_key, clean)
        try:
            with Session(self._engine) as session:
                session.add(record)
                session.commit()
        except BaseException:
            self._store.delete(meta.storage_key)
            raise
        declared_type = (declared or "").split(";")[0].strip().lower()
        self._audit.record(
            "upload.accept",
            "ok",
            actor=pseudonym(owner_id),
            channel=channel,
            upload=meta.id,
            media_type=media_type,
            size=meta.size,
            name_ext=_name_ext(name),
            declared_mismatch=bool(declared_type) and declared_type != media_type,
        )
        return meta

    def _audit_refusal(self, owner_id: str, name: str, code: RejectCode, channel: str) -> None:
        self._audit.record(
            "upload.accept",
            "refused",
            actor=pseudonym(owner_id),
            channel=channel,
            reason=code,
            name_ext=_name_ext(name),
        )


def _name_ext(name: str) -> str:
    """Only the claimed extension of the name goes to the audit log, never the name."""
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    return ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else ""
