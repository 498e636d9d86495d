"""Printing for the kiosk and bank channels (and `yiwang print`): through CUPS `lp` when
YIWANG_PRINTER names a queue, otherwise into the spool folder (YIWANG_PRINT_SPOOL, default
var/spool) under a server-made name that carries no personal data."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.settings import Settings, get_settings

LP_TIMEOUT_S = 30
_KIND = re.compile(r"^[a-z][a-z0-9_-]{0,23}$")
Runner = Callable[..., subprocess.CompletedProcess]


class PrintFailed(RuntimeError):
    """`code`: bad_kind, printer_unavailable (lp missing, refused the job or timed out)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class PrintJob:
    destination: str  # "cups:<queue>" or the spooled file's path
    job_name: str


class Printer:
    def __init__(self, queue: str = "", spool: Path | None = None, run: Runner = subprocess.run) -> None:
        self.queue = queue
        self.spool = spool or get_settings().print_spool
        self._run = run

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Printer:
        settings = settings or get_settings()
        return cls(settings.printer, settings.print_spool)

    def print_pdf(self, data: bytes, kind: str = "receipt") -> PrintJob:
        """Print one PDF; `kind` (receipt, guide…) names the job, never who it is for."""
        if not _KIND.match(kind) or not data.startswith(b"%PDF-"):
            raise PrintFailed("bad_kind", "a print job is a PDF with a short lower-case kind")
        job_name = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}-{kind}"
        if self.queue:
            return self._lp(data, job_name)
        self.spool.mkdir(parents=True, exist_ok=True)
        path = self.spool / f"{job_name}.pdf"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # receipts name people
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        return PrintJob(str(path), job_name)

    def _lp(self, data: bytes, job_name: str) -> PrintJob:
        command = ["lp", "-d", self.queue, "-t", job_name, "-o", "media=A4", "-"]
        try:
            self._run(command, input=data, capture_output=True, timeout=LP_TIMEOUT_S, check=True)
        except FileNotFoundError as missing:
            raise PrintFailed("printer_unavailable", "lp is not installed (CUPS client)") from missing
        except subprocess.CalledProcessError as refused:
            detail = (refused.stderr or b"").decode(errors="replace").strip()[:200]
            raise PrintFailed("printer_unavailable", detail) from refused
        except subprocess.TimeoutExpired as slow:
            raise PrintFailed("printer_unavailable", "lp did not answer") from slow
        return PrintJob(f"cups:{self.queue}", job_name)
