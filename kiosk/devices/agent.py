"""The device agent beside a kiosk's (or bank terminal's) browser: pairs the browser, then
sends every new QR code the camera reads and every ID card placed on the reader to the
platform, which hands them to the screen the browser shows.

Three threads: the camera loop, the card reader loop, and one sender, so a slow or absent
platform never stalls the camera. Reads wait in a small queue; one older than 30 s is dropped
(the platform would drop it too: the citizen has moved on). Logs never hold a QR code's text
or an ID number: a code is logged by its length, a card by its masked number.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.identity.id_card import IdCard
from kiosk.devices.id_card_reader import IdCardReader
from kiosk.devices.platform_client import PlatformClient, PlatformRefused, PlatformUnavailable
from kiosk.devices.qr_engines import Decoded
from kiosk.devices.scanner import CameraError, CameraScanner

log = logging.getLogger(__name__)
MAX_READ_AGE = 30.0
QUEUE_SIZE = 20
CAMERA_RETRY = 5.0


LABELS = {"qr": "QR code", "id_card": "ID card"}


@dataclass(frozen=True)
class Read:
    kind: str  # "qr" or "id_card"
    value: str | IdCard
    at: float


@dataclass
class AgentStats:
    sent: int = 0
    refused: int = 0
    dropped: int = 0


class DeviceAgent:
    def __init__(
        self,
        client: PlatformClient,
        *,
        camera: str | None = None,
        reader: IdCardReader | None = None,
        scanner_factory: Callable[..., CameraScanner] = CameraScanner,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.reader = reader
        self.scanner = scanner_factory(camera, self.on_code) if camera is not None else None
        self.stats = AgentStats()
        self._clock = clock
        self._reads: queue.Queue[Read] = queue.Queue(QUEUE_SIZE)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def on_code(self, code: Decoded) -> None:
        self._enqueue(Read("qr", code.text, self._clock()))
        log.info("QR code read (%d characters, %s/%s)", len(code.text), code.step, code.engine)

    def on_card(self, card: IdCard) -> None:
        self._enqueue(Read("id_card", card, self._clock()))
        log.info("ID card read: %s", card.masked_number)

    def _enqueue(self, read: Read) -> None:
        try:
            self._reads.put_nowait(read)
        except queue.Full:
            self.stats.dropped += 1
            log.warning("platform too slow: the %s read was dropped", LABELS[read.kind])

    def start(self) -> None:
        loops = [self._send_loop]
        if self.scanner is not None:
            loops.append(self._camera_loop)
        if self.reader is not None:
            loops.append(self._card_loop)
        for loop in loops:
            thread = threading.Thread(target=loop, name=f"agent-{loop.__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self.scanner is not None:
            self.scanner.stop()
        if self.reader is not None:
            self.reader.close()
        for thread in self._threads:
            thread.join(timeout)

    def wait(self) -> None:
        """Until stop() (or Ctrl-C in the caller)."""
        while not self._stop.wait(0.5):
            pass

    def _camera_loop(self) -> None:
        """A camera that cannot be opened (unplugged, stream down) is tried again every 5 s."""
        assert self.scanner is not None
        while not self._stop.is_set():
            try:
                stats = self.scanner.run()
            except CameraError as error:
                log.error("%s; trying again in %.0f s", error, CAMERA_RETRY)
                self._stop.wait(CAMERA_RETRY)
                continue
            log.info("camera stopped after %d frames, %d new codes", stats.frames, stats.new_codes)
            return

    def _card_loop(self) -> None:
        assert self.reader is not None
        while not self._stop.is_set():
            card = self.reader.wait_for_card(timeout=1.0)
            if card is not None:
                self.on_card(card)

    def _send_loop(self) -> None:
        while not self._stop.is_set():
            try:
                read = self._reads.get(timeout=0.2)
            except queue.Empty:
                continue
            self.send(read)

    def send(self, read: Read) -> bool:
        """Posts one read; False if it was stale, refused or the platform stayed down."""
        if self._clock() - read.at > MAX_READ_AGE:
            self.stats.dropped += 1
            log.warning("the %s read was dropped: older than %.0f s", LABELS[read.kind], MAX_READ_AGE)
            return False
        try:
            if isinstance(read.value, IdCard):
                self.client.send_card(read.value)
            else:
                self.client.send_qr(read.value)
        except PlatformRefused as error:
            self.stats.refused += 1
            log.error("the platform refused the %s read: %s", LABELS[read.kind], error.code)
            return False
        except PlatformUnavailable as error:
            self.stats.dropped += 1
            log.error("%s read not delivered: %s", LABELS[read.kind], error)
            return False
        self.stats.sent += 1
        return True
