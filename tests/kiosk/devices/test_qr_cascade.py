"""The cascade reads real QR images: generated ones under kiosk conditions and ZXing's photos."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.settings import REPO_ROOT
from kiosk.devices import qr_cascade, qr_preprocess
from kiosk.devices.qr_cascade import QrCascade
from kiosk.devices.qr_engines import decode_zbar, decode_zxing
from kiosk.devices.qr_regions import symbol_region
from kiosk.devices.synthetic_frames import CONDITIONS, code_image, kiosk_frame

# Six images of the ZXing set, copied into the repo so the tests run from any clone.
ZXING_SET = REPO_ROOT / "tests" / "data" / "qr-zxing"
TEXT = "https://ywtb.pds.gov.cn/s/11410400MB1234567X"


@pytest.mark.parametrize("condition", CONDITIONS)
def test_reads_a_kiosk_frame_under_each_condition(condition: str) -> None:
    frame = kiosk_frame(TEXT, condition, seed=3)
    result = QrCascade().decode(frame)
    assert [code.text for code in result.codes] == [TEXT]
    assert result.ms > 0


def test_frame_without_a_code_reads_nothing_and_stops_after_the_fast_step() -> None:
    result = QrCascade().decode(kiosk_frame(None, "plain", seed=7))
    assert result.codes == ()
    assert result.tried == ("frame/zxing",)


def test_dark_mode_code_needs_inversion_for_zbar_alone() -> None:
    dark = code_image(TEXT, 6, dark_mode=True)
    assert decode_zbar(dark) == []
    result = QrCascade(engines=("zbar",)).decode(dark)
    assert [(c.text, c.step, c.engine) for c in result.codes] == [(TEXT, "invert", "zbar")]


def test_blurred_code_is_cropped_and_enlarged_before_zbar_reads_it() -> None:
    frame = kiosk_frame(TEXT, "blurred", seed=0)
    assert TEXT not in decode_zbar(frame)
    result = QrCascade(engines=("zbar",)).decode(frame)
    assert [(c.text, c.step) for c in result.codes] == [(TEXT, "region")]


def test_tilted_phone_zxing_misses_is_read_by_zbar() -> None:
    frame = kiosk_frame(TEXT, "tilted", seed=3)
    assert decode_zxing(frame) == []
    assert [(c.text, c.engine) for c in QrCascade().decode(frame).codes] == [(TEXT, "zbar")]


def test_colour_and_alpha_images_are_turned_grey() -> None:
    bgr = cv2.cvtColor(code_image(TEXT, 4), cv2.COLOR_GRAY2BGR)
    bgra = cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA)
    assert [c.text for c in QrCascade().decode(bgr).codes] == [TEXT]
    assert [c.text for c in QrCascade().decode(bgra).codes] == [TEXT]


def test_two_codes_in_one_frame_are_both_read() -> None:
    left, right = code_image("AAA-1", 6), code_image("BBB-2", 6)
    frame = np.full((left.shape[0] + 40, left.shape[1] + right.shape[1] + 80), 255, np.uint8)
    frame[20 : 20 + left.shape[0], 20 : 20 + left.shape[1]] = left
    frame[20 : 20 + right.shape[0], 60 + left.shape[1] : 60 + left.shape[1] + right.shape[1]] = right
    assert sorted(c.text for c in QrCascade().decode(frame).codes) == ["AAA-1", "BBB-2"]


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="QR engines are"):
        QrCascade(engines=("quirc",))


def test_preprocessing_keeps_the_image_shape_except_enlarging() -> None:
    grey = kiosk_frame(TEXT, "glare", seed=1)[:200, :300]
    for fix in (qr_preprocess.flatten_light, qr_preprocess.sharpen, qr_preprocess.adaptive_threshold):
        assert fix(grey).shape == grey.shape and fix(grey).dtype == np.uint8
    assert qr_preprocess.upscale(grey).shape == (400, 600)
    assert qr_preprocess.scale_to_modules(grey, 2.5).shape == (400, 600)
    assert qr_preprocess.scale_to_modules(grey, 6.0).shape == grey.shape


def _zxing_sample(name: str) -> tuple[np.ndarray, str]:
    path = ZXING_SET / name
    expected = _text(path.with_suffix(".txt").read_text(encoding="utf-8"))
    return cv2.imread(str(path), cv2.IMREAD_GRAYSCALE), expected


def _text(decoded: str) -> str:
    """The comparison the ZXing set's README states: CRLF as LF, outer white space stripped."""
    return decoded.replace("\r\n", "\n").strip()


@pytest.mark.parametrize("name", ["qrcode-1/1.png", "qrcode-3/10.png", "qrcode-5/03.png", "qrcode-6/5.png"])
def test_reads_zxing_photographs(name: str) -> None:
    image, expected = _zxing_sample(name)
    assert [_text(c.text) for c in QrCascade().decode(image).codes] == [expected]


def test_shift_jis_code_keeps_its_text_where_zbar_guesses_another_charset() -> None:
    image, expected = _zxing_sample("qrcode-2/17.png")
    assert expected not in [_text(t) for t in decode_zbar(image)]
    assert [_text(c.text) for c in QrCascade().decode(image).codes] == [expected]


def test_a_zxing_photo_only_a_repair_step_reads() -> None:
    """qrcode-4/09 rotated: neither engine reads the raw photo; the cascade's repairs do."""
    image, expected = _zxing_sample("qrcode-4/09.png")
    found = [
        (turn, QrCascade().decode(cv2.rotate(image, turn)))
        for turn in (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE)
        if not decode_zxing(cv2.rotate(image, turn)) and not decode_zbar(cv2.rotate(image, turn))
    ]
    assert found, "the sample no longer defeats both raw engines"
    repaired = [r.codes[0] for _, r in found if r.codes and _text(r.codes[0].text) == expected]
    assert repaired and all(code.step != "frame" for code in repaired)


def test_zxing_samples_are_where_the_tests_expect_them() -> None:
    samples = sorted(ZXING_SET.glob("qrcode-*/*.txt"))
    assert len(samples) == 6
    assert all(any(t.with_suffix(s).is_file() for s in (".png", ".jpg")) for t in samples)


def test_a_symbol_reported_beyond_the_frame_edge_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """zxing-cpp may place a half-visible symbol's corners outside the image: no empty crop."""
    beyond = np.float32([[1400, 100], [1500, 100], [1500, 200], [1400, 200]])
    monkeypatch.setattr(qr_cascade, "zxing_unread_symbols", lambda grey: [beyond])
    frame = kiosk_frame(None, "plain", seed=7)
    assert symbol_region(beyond, frame.shape).w <= 0
    result = QrCascade().decode(frame)
    assert result.codes == () and "frame/zbar" in result.tried
