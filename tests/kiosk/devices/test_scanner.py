"""The camera loop reads a real video file through cv2.VideoCapture and reports each code once."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from kiosk.devices.qr_cascade import QrCascade
from kiosk.devices.qr_engines import Decoded
from kiosk.devices.scanner import CameraError, CameraScanner, Deduplicator, open_capture
from kiosk.devices.synthetic_frames import kiosk_frame, write_video

POSTER = "https://ywtb.pds.gov.cn/s/11410400MB1234567X"
HANDOFF = "YW1.HANDOFF.example-payload"


def _video(path: Path) -> Path:
    """Two seconds of a poster code, an empty hall, then a dark-mode phone, at 10 fps."""
    frames = (
        [kiosk_frame(POSTER, "plain", seed=i) for i in range(8)]
        + [kiosk_frame(None, "plain", seed=50 + i) for i in range(4)]
        + [kiosk_frame(HANDOFF, "phone", seed=60 + i) for i in range(8)]
    )
    return write_video(path / "camera.avi", frames, fps=10)


def test_video_file_codes_reach_the_callback_once_each(tmp_path: Path) -> None:
    seen: list[Decoded] = []
    scanner = CameraScanner(str(_video(tmp_path)), seen.append, max_fps=0)
    stats = scanner.run()
    assert [code.text for code in seen] == [POSTER, HANDOFF]
    assert stats.frames == 20
    assert stats.codes >= 14  # most frames read, duplicates dropped
    assert stats.new_codes == 2


def test_a_code_seen_again_after_the_window_is_new_again() -> None:
    now = [0.0]
    dedup = Deduplicator(window=5.0, clock=lambda: now[0])
    assert dedup.is_new("A")
    now[0] = 3.0
    assert not dedup.is_new("A")  # still in front of the camera
    now[0] = 7.0
    assert not dedup.is_new("A")  # 4 s since last seen: the same presentation
    assert dedup.is_new("B")
    now[0] = 12.5
    assert dedup.is_new("A")  # gone for 5.5 s: the citizen shows it again


def test_unopenable_source_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CameraError, match="cannot open camera source"):
        open_capture(str(tmp_path / "missing.avi"))
    with pytest.raises(CameraError):
        CameraScanner(str(tmp_path / "missing.avi"), lambda code: None).run()


def test_looping_video_plays_until_stopped(tmp_path: Path) -> None:
    seen: list[str] = []
    video = write_video(tmp_path / "short.avi", [kiosk_frame(POSTER, "plain", seed=1)] * 2, fps=50)

    def on_code(code: Decoded) -> None:
        seen.append(code.text)

    scanner = CameraScanner(str(video), on_code, loop=True, max_fps=0, dedup=Deduplicator(window=0))

    def stop_after_three(code: Decoded) -> None:
        on_code(code)
        if len(seen) >= 3:
            scanner.stop()

    scanner.on_code = stop_after_three
    stats = scanner.run()
    assert seen == [POSTER] * 3 and stats.frames >= 3


def test_a_frame_the_cascade_fails_on_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Decoded] = []
    scanner = CameraScanner("0", seen.append)
    calls = iter([cv2.error("resize: !ssize.empty()"), None])

    def flaky(frame: object) -> object:
        problem = next(calls)
        if problem is not None:
            raise problem
        return QrCascade().decode(frame)

    monkeypatch.setattr(scanner.cascade, "decode", flaky)
    assert scanner.handle_frame(kiosk_frame(POSTER, "plain", seed=1)) == []
    assert [c.text for c in scanner.handle_frame(kiosk_frame(POSTER, "plain", seed=2))] == [POSTER]
    assert (scanner.stats.frames, scanner.stats.failed, seen[0].text) == (2, 1, POSTER)
