"""QR scanning: `python -m bench.bench_scanner`.

Decoders compared in the same run on the same images:
- `pyzbar`: plain pyzbar (libzbar0) on the greyscale image: the baseline;
- `zxing-cpp`: zxing_cpp.read_barcodes, QR only;
- `cascade`: kiosk.devices.qr_cascade.QrCascade (zxing-cpp, then zbar and OpenCV repairs);
- `cascade zbar-only`: the same cascade with pyzbar as its only engine.
Sets: the ZXing blackbox images (../shared/data/qr-zxing, each at 0°, 90°, 180°, 270°) and
generated 1280×720 kiosk frames (kiosk.devices.synthetic_frames) under every condition, plus
frames without a code. A read counts when the expected text is among the texts returned (CRLF
as LF, outer white space stripped, as the ZXing set's README says); "wrong" counts images where
texts came back but not the expected one (one ZXing image holds a second, inner code: reading
both is right), and any text from a frame without a code.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np

from core.settings import REPO_ROOT
from kiosk.devices.qr_cascade import QrCascade
from kiosk.devices.qr_engines import decode_zbar, decode_zxing
from kiosk.devices.synthetic_frames import CONDITIONS, kiosk_frame

ZXING_SET = REPO_ROOT.parent / "shared" / "data" / "qr-zxing"
TURNS = (None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE)
FRAMES_PER_CONDITION = 12
EMPTY_FRAMES = 40
Decoder = Callable[[np.ndarray], list[str]]


def _cascade(engines: tuple[str, ...]) -> Decoder:
    cascade = QrCascade(engines=engines)
    return lambda image: [code.text for code in cascade.decode(image).codes]


DECODERS: dict[str, Decoder] = {
    "pyzbar": decode_zbar,
    "zxing-cpp": decode_zxing,
    "cascade": _cascade(("zxing", "zbar")),
    "cascade zbar-only": _cascade(("zbar",)),
}


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


@dataclass
class Tally:
    read: int = 0
    wrong: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, expected: str | None, texts: list[str], ms: float) -> None:
        self.ms.append(ms)
        cleaned = [_clean(t) for t in texts]
        found = expected is not None and expected in cleaned
        self.read += found
        self.wrong += bool(cleaned) and not found


def _run(samples: Iterable[tuple[np.ndarray, str | None]]) -> dict[str, Tally]:
    """Every decoder on every sample, interleaved so all see the same machine noise."""
    tallies = {name: Tally() for name in DECODERS}
    for image, expected in samples:
        for name, decode in DECODERS.items():
            start = time.perf_counter()
            texts = decode(image)
            tallies[name].add(expected, texts, (time.perf_counter() - start) * 1000)
    return tallies


def zxing_samples() -> Iterable[tuple[np.ndarray, str]]:
    for path in sorted(ZXING_SET.glob("qrcode-*/*.png")):
        expected = _clean(path.with_suffix(".txt").read_text(encoding="utf-8", errors="replace"))
        grey = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        for turn in TURNS:
            yield (grey if turn is None else cv2.rotate(grey, turn)), expected


def kiosk_samples(condition: str) -> Iterable[tuple[np.ndarray, str]]:
    for seed in range(FRAMES_PER_CONDITION):
        text = f"https://ywtb.pds.gov.cn/s/1141040{seed:02d}MB12345{seed % 10}X"
        yield kiosk_frame(text, condition, seed=1000 + seed), text


def empty_samples() -> Iterable[tuple[np.ndarray, None]]:
    for seed in range(EMPTY_FRAMES):
        yield kiosk_frame(None, CONDITIONS[seed % len(CONDITIONS)], seed=2000 + seed), None


def _report(title: str, tallies: dict[str, Tally], total: int | None) -> None:
    base = statistics.median(tallies["pyzbar"].ms)
    print(f"\n{title}")
    print(f"  {'decoder':18} {'read':>9} {'wrong':>5} {'median ms':>9} {'mean ms':>8} {'×pyzbar':>7}")
    for name, tally in tallies.items():
        read = f"{tally.read}/{total}" if total else "-"
        median = statistics.median(tally.ms)
        print(
            f"  {name:18} {read:>9} {tally.wrong:>5} {median:9.2f} {statistics.mean(tally.ms):8.2f} "
            f"{median / base:7.2f}"
        )


def main() -> None:
    print(__doc__.strip().splitlines()[0])
    cv2.setNumThreads(1)  # every decoder on one core, as on a kiosk also running a browser
    zxing = _run(zxing_samples())
    tries = len(zxing["pyzbar"].ms)
    _report(f"ZXing set, {tries} tries (179 images × 4 turns)", zxing, tries)
    with_code = {name: Tally() for name in DECODERS}
    for condition in CONDITIONS:
        tallies = _run(kiosk_samples(condition))
        _report(f"kiosk frames 1280×720, {condition}", tallies, FRAMES_PER_CONDITION)
        for name, tally in tallies.items():
            with_code[name].read += tally.read
            with_code[name].wrong += tally.wrong
            with_code[name].ms += tally.ms
    total = FRAMES_PER_CONDITION * len(CONDITIONS)
    _report(f"kiosk frames with a code, all conditions ({total})", with_code, total)
    empty = _run(empty_samples())
    _report(f"kiosk frames without a code ({EMPTY_FRAMES})", empty, None)
    _goals(zxing, with_code, empty)


def _goals(zxing: dict[str, Tally], with_code: dict[str, Tally], empty: dict[str, Tally]) -> None:
    def ratio(tallies: dict[str, Tally]) -> float:
        return statistics.median(tallies["cascade"].ms) / statistics.median(tallies["pyzbar"].ms)

    cascade_reads = zxing["cascade"].read + with_code["cascade"].read
    zxing_reads = zxing["zxing-cpp"].read + with_code["zxing-cpp"].read
    wrong = zxing["cascade"].wrong + with_code["cascade"].wrong + empty["cascade"].wrong
    print("\nissue #6 scanner goals (cascade)")
    print(f"  codes read / zxing-cpp's (goal ≥ 1.00):              {cascade_reads / zxing_reads:.3f}")
    print(f"  wrong texts (goal 0):                                {wrong}")
    print(f"  median ms, frames with a code, ×pyzbar (goal ≤ 1.5): {ratio(with_code):.2f}")
    print(f"  median ms, frames without a code, ×pyzbar (≤ 1.2):   {ratio(empty):.2f}")


if __name__ == "__main__":
    main()
