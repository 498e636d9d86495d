"""`yiwang scan FILE...` (decode QR codes in images) and `yiwang kiosk-agent` (the device agent
beside a kiosk's or bank terminal's browser: camera, ID card reader, pairing)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import webbrowser
from pathlib import Path


def add_device_commands(sub: argparse._SubParsersAction) -> None:
    scan = sub.add_parser("scan", help="decode the QR codes in image files with the kiosk's cascade")
    scan.add_argument("files", nargs="+", metavar="FILE")
    scan.add_argument("--json", action="store_true", help="one JSON line per file")
    scan.add_argument("--engines", default="zxing,zbar", help="QR engines in order (zxing, zbar)")
    scan.set_defaults(func=_cmd_scan)

    agent = sub.add_parser("kiosk-agent", help="camera and ID card reader of a kiosk or bank terminal")
    agent.add_argument("--base-url", required=True, help="the platform, e.g. http://localhost:3000")
    agent.add_argument("--terminal", required=True, help="terminal id from `yiwang terminals add`")
    agent.add_argument("--key", help="the terminal's key (default: $YIWANG_TERMINAL_KEY)")
    agent.add_argument("--camera", help="device index, video file or stream URL (default: $YIWANG_CAMERA)")
    agent.add_argument("--no-camera", action="store_true", help="run without a camera")
    agent.add_argument("--loop", action="store_true", help="play a video file camera again and again")
    agent.add_argument("--cards", type=Path, help="card records for the simulated ID card reader")
    agent.add_argument("--card-trigger", type=Path, help="file whose card key places a card")
    agent.add_argument("--open", action="store_true", help="open the pairing URL in the browser")
    agent.add_argument("--no-pair", action="store_true", help="do not pair a browser")
    agent.set_defaults(func=_cmd_kiosk_agent)


def _cmd_scan(args: argparse.Namespace) -> int:
    from kiosk.devices.qr_cascade import QrCascade
    from kiosk.devices.scanner import read_image

    try:
        cascade = QrCascade(engines=[e.strip() for e in args.engines.split(",") if e.strip()])
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    failed = 0
    for name in args.files:
        image = read_image(name)
        if image is None:
            failed += 1
            _print_unreadable(name, args.json)
            continue
        result = cascade.decode(image)
        codes = [{"text": c.text, "engine": c.engine, "step": c.step} for c in result.codes]
        if args.json:
            print(json.dumps({"file": name, "codes": codes, "ms": round(result.ms, 2)}, ensure_ascii=False))
        else:
            found = "; ".join(f"{c['text']} ({c['step']}/{c['engine']})" for c in codes) or "no QR code"
            print(f"{name}: {found} [{result.ms:.1f} ms]")
    return 2 if failed else 0


def _print_unreadable(name: str, as_json: bool) -> None:
    reason = "no such file" if not Path(name).is_file() else "not an image OpenCV can read"
    if as_json:
        print(json.dumps({"file": name, "codes": [], "error": reason}, ensure_ascii=False))
    print(f"{name}: {reason}", file=sys.stderr)


def _cmd_kiosk_agent(args: argparse.Namespace) -> int:
    from core.settings import REPO_ROOT, get_settings
    from kiosk.devices.agent import DeviceAgent
    from kiosk.devices.id_card_reader import CardFileError, SimulatedIdCardReader
    from kiosk.devices.platform_client import PlatformClient, PlatformRefused, PlatformUnavailable

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    key = args.key or os.environ.get("YIWANG_TERMINAL_KEY", "")
    if not key:
        print("give the terminal's key: --key KEY or YIWANG_TERMINAL_KEY", file=sys.stderr)
        return 2
    reader = None
    if args.cards:
        trigger = args.card_trigger or REPO_ROOT / "var" / "devices" / f"{args.terminal}.card"
        try:
            reader = SimulatedIdCardReader.from_file(args.cards, trigger)
        except CardFileError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"simulated ID card reader: write a card key to {trigger} to place a card", flush=True)
    camera = None if args.no_camera else (args.camera or get_settings().camera)
    if camera and not camera.isdigit() and "://" not in camera and not Path(camera).is_file():
        print(f"the camera video file {camera} does not exist", file=sys.stderr)
        return 2
    client = PlatformClient(args.base_url, args.terminal, key)
    try:
        if not args.no_pair:
            _pair(client, args.open)
        agent = DeviceAgent(client, camera=camera, reader=reader, scanner_factory=_scanner(args.loop))
    except (PlatformRefused, PlatformUnavailable) as error:
        client.close()
        print(f"cannot pair with the platform: {error}", file=sys.stderr)
        return 3
    agent.start()
    print(f"kiosk agent running (camera {camera or 'off'}); Ctrl-C stops it", flush=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # systemd's stop: release camera and reader
    try:
        agent.wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        agent.stop()
        client.close()
    print("kiosk agent stopped", flush=True)
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _pair(client, open_browser: bool) -> None:
    url = client.pair()
    print(f"pair the terminal's browser (single use, 60 s): {url}", flush=True)
    if open_browser:
        webbrowser.open(url)


def _scanner(loop: bool):
    from kiosk.devices.scanner import CameraScanner

    def make(source: str, on_code) -> CameraScanner:
        return CameraScanner(source, on_code, loop=loop)

    return make
