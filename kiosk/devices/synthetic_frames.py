"""Realistic kiosk camera frames with known QR codes, for tests, benchmarks and demo videos.

A frame is 1280×720: a cluttered hall background (gradient, shapes, text, sensor noise) and a
phone screen or paper slip showing a code, then what a real camera does to it: dark mode,
tilt (perspective), glare, blur, distance, dim light, JPEG noise, mirroring.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np
import segno

WIDTH, HEIGHT = 1280, 720
CONDITIONS = ("plain", "dark", "tilted", "glare", "blurred", "small", "dim", "jpeg", "mirrored", "phone")


def code_image(text: str, scale: int = 8, *, dark_mode: bool = False, border: int = 4) -> np.ndarray:
    """The QR code of `text` as a greyscale image, `scale` px per module."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=border)
    grey = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    return cv2.bitwise_not(grey) if dark_mode else grey


def background(rng: np.random.Generator) -> np.ndarray:
    """A hall seen by the kiosk camera: light gradient, furniture-like shapes, signs, noise."""
    ramp = np.linspace(rng.integers(60, 140), rng.integers(120, 220), WIDTH, dtype=np.float32)
    frame = np.tile(ramp, (HEIGHT, 1)).astype(np.uint8)
    for _ in range(12):
        x, y = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        w, h = int(rng.integers(40, 400)), int(rng.integers(40, 300))
        cv2.rectangle(frame, (x, y), (x + w, y + h), int(rng.integers(0, 255)), -1)
    for _ in range(6):
        x, y = int(rng.integers(0, WIDTH - 300)), int(rng.integers(30, HEIGHT))
        cv2.putText(frame, "GOV SERVICE HALL 24h", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    return (frame + rng.normal(0, 4, frame.shape)).clip(0, 255).astype(np.uint8)


def _screen(text: str, module_px: float, dark_mode: bool) -> np.ndarray:
    """A phone screen (or a paper slip) around the code, with a margin of the screen's colour."""
    code = code_image(text, 4, dark_mode=dark_mode)
    code = cv2.resize(code, None, fx=module_px / 4, fy=module_px / 4, interpolation=cv2.INTER_AREA)
    pad = int(module_px * 3)
    colour = 0 if dark_mode else 255
    return cv2.copyMakeBorder(code, pad, pad * 3, pad, pad * 3, cv2.BORDER_CONSTANT, value=colour)


def _place(frame: np.ndarray, screen: np.ndarray, rng: np.random.Generator, tilt: float) -> None:
    """Warps the screen into the frame at a random place, corners pushed by up to `tilt` × size."""
    h, w = screen.shape
    x0 = int(rng.integers(20, max(21, WIDTH - w - 20)))
    y0 = int(rng.integers(20, max(21, HEIGHT - h - 20)))
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-tilt, tilt, (4, 2)) * [w, h]
    target = np.float32(source + np.float32([x0, y0]) + jitter)
    matrix = cv2.getPerspectiveTransform(source, target)
    warped = cv2.warpPerspective(screen, matrix, (WIDTH, HEIGHT), borderValue=0)
    mask = cv2.warpPerspective(np.full_like(screen, 255), matrix, (WIDTH, HEIGHT))
    frame[mask > 127] = warped[mask > 127]


def _glare(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A bright reflection of a ceiling light across part of the screen."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    cx, cy = rng.integers(300, 900), rng.integers(150, 550)
    spot = 230 * np.exp(-(((x - cx) / 120.0) ** 2 + ((y - cy) / 70.0) ** 2))
    return (frame.astype(np.float32) * 0.8 + spot).clip(0, 255).astype(np.uint8)


def kiosk_frame(text: str | None, condition: str, seed: int = 0) -> np.ndarray:
    """A 1280×720 greyscale frame showing `text`'s code under `condition` (None: no code)."""
    if condition not in CONDITIONS:
        raise ValueError(f"condition is one of {', '.join(CONDITIONS)}")
    rng = np.random.default_rng(seed)
    frame = background(rng)
    if text is not None:
        scale = 1.7 if condition == "small" else 5.0
        dark = condition in ("dark", "phone")
        tilt = {"tilted": 0.2, "phone": 0.14}.get(condition, 0.02)
        _place(frame, _screen(text, scale, dark), rng, tilt)
    if condition in ("glare", "phone"):
        frame = _glare(frame, rng)
    if condition in ("blurred", "phone"):
        frame = cv2.GaussianBlur(frame, (0, 0), 2.0 if condition == "blurred" else 1.4)
    if condition == "dim":
        frame = (frame.astype(np.float32) * 0.14 + 6).astype(np.uint8)
        frame = (frame + rng.normal(0, 2.5, frame.shape)).clip(0, 255).astype(np.uint8)
    if condition in ("jpeg", "phone"):
        _ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 10 if condition == "jpeg" else 30])
        frame = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    if condition == "mirrored":
        frame = cv2.flip(frame, 1)
    return frame


def write_video(path: Path, frames: Iterable[np.ndarray], fps: float = 10.0) -> Path:
    """An MJPG .avi of greyscale frames that cv2.VideoCapture reads back (the demo camera)."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    if not writer.isOpened():
        raise OSError(f"cannot write video {path}")
    try:
        for frame in frames:
            writer.write(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    finally:
        writer.release()
    return path


def code_video(path: Path, texts: Iterable[str], seconds_each: float = 2.0, gap: float = 6.0) -> Path:
    """A demo camera video: each code shown for `seconds_each` (a poster, then a dark-mode
    phone, alternately), then `gap` seconds of empty hall, longer than the agent's 5 s
    de-duplication window, so a looping video presents every code again."""
    fps = 10.0
    frames: list[np.ndarray] = []
    for index, text in enumerate(texts):
        condition = "plain" if index % 2 == 0 else "phone"
        frames += [kiosk_frame(text, condition, seed=index * 100 + i) for i in range(int(seconds_each * fps))]
        frames += [kiosk_frame(None, "plain", seed=index * 100 + 50)] * int(gap * fps)
    return write_video(path, frames, fps)
