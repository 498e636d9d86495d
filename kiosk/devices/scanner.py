"""The kiosk camera loop: frames from cv2.VideoCapture, decoded by the QR cascade, each new
code handed to a callback once (a phone held in front of the camera is read many times a second).

The camera source comes from settings (`YIWANG_CAMERA`) or `--camera`: a device index ("0"),
a video file, or an RTSP/HTTP stream URL.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.devices.qr_cascade import QrCascade
from kiosk.devices.qr_engines import Decoded

log = logging.getLogger(__name__)
Clock = Callable[[], float]
OnCode = Callable[[Decoded], None]


class CameraError(OSError):
    """The camera source cannot be opened."""


def open_capture(source: str | int) -> cv2.VideoCapture:
    """A device index ("0"), a video file path or a stream URL, opened; CameraError if not."""
    target: str | int = int(source) if isinstance(source, str) and source.isdigit() else source
    capture = cv2.VideoCapture(target)
    if not capture.isOpened():
        capture.release()
        raise CameraError(f"cannot open camera source {source!r}")
    return capture


def read_image(path: str) -> np.ndarray | None:
    """An image file as OpenCV reads it (any depth, alpha kept), or None if it is not one."""
    return cv2.imread(path, cv2.IMREAD_UNCHANGED) if Path(path).is_file() else None


class Deduplicator:
    """Lets a code through once, then again only after it was out of sight for `window` seconds."""

    def __init__(self, window: float = 5.0, clock: Clock = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._last_seen: dict[str, float] = {}

    def is_new(self, text: str) -> bool:
        now = self._clock()
        last = self._last_seen.get(text)
        self._last_seen[text] = now
        self._last_seen = {t: seen for t, seen in self._last_seen.items() if now - seen <= self.window}
        return last is None or now - last > self.window


@dataclass
class ScanStats:
    frames: int = 0
    codes: int = 0
    new_codes: int = 0
    failed: int = 0


class CameraScanner:
    """Reads a camera until stopped (or a video file to its end) and reports each new code."""

    def __init__(
        self,
        source: str | int,
        on_code: OnCode,
        *,
        cascade: QrCascade | None = None,
        dedup: Deduplicator | None = None,
        max_fps: float = 15.0,
        loop: bool = False,
    ) -> None:
        self.source = source
        self.on_code = on_code
        self.cascade = cascade or QrCascade()
        self.dedup = dedup or Deduplicator()
        self.min_interval = 1.0 / max_fps if max_fps > 0 else 0.0
        self.loop = loop  # a video file starts again at its end (demo and e2e camera)
        self.stats = ScanStats()
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def handle_frame(self, frame) -> list[Decoded]:
        """Decode one frame; calls on_code for each code not seen within the window."""
        self.stats.frames += 1
        fresh: list[Decoded] = []
        try:
            result = self.cascade.decode(frame)
        except cv2.error as error:  # one odd frame must not stop the kiosk's camera
            self.stats.failed += 1
            log.warning("a frame could not be decoded: %s", str(error).splitlines()[-1][:200])
            return fresh
        for code in result.codes:
            self.stats.codes += 1
            if self.dedup.is_new(code.text):
                self.stats.new_codes += 1
                fresh.append(code)
                self.on_code(code)
        return fresh

    def run(self) -> ScanStats:
        """Until stop() or the end of a video file (or forever with loop=True); a live camera
        that drops out is reopened. A file plays at its own frame rate, like a camera."""
        capture = open_capture(self.source)
        interval = self._interval(capture)
        try:
            while not self._stop.is_set():
                started = time.monotonic()
                ok, frame = capture.read()
                if not ok:
                    if self._is_file() and not self.loop:
                        break
                    capture = self._reopen(capture)
                    continue
                self.handle_frame(frame)
                self._stop.wait(max(0.0, interval - (time.monotonic() - started)))
        finally:
            capture.release()
        return self.stats

    def _interval(self, capture: cv2.VideoCapture) -> float:
        fps = capture.get(cv2.CAP_PROP_FPS) if self._is_file() else 0.0
        return max(self.min_interval, 1.0 / fps if fps and fps > 0 else 0.0)

    def _reopen(self, capture: cv2.VideoCapture) -> cv2.VideoCapture:
        capture.release()
        if not self._is_file():
            log.warning("camera %s gave no frame; reopening", self.source)
            self._stop.wait(1.0)
        return open_capture(self.source)

    def _is_file(self) -> bool:
        text = str(self.source)
        return not text.isdigit() and "://" not in text
