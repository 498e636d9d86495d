"""The agent's send rules: stale reads dropped, refusals and outages counted, never logged in full."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from core.identity.id_card import IdCard
from core.settings import REPO_ROOT
from kiosk.devices.agent import MAX_READ_AGE, QUEUE_SIZE, DeviceAgent, Read
from kiosk.devices.id_card_reader import load_cards
from kiosk.devices.platform_client import PlatformRefused, PlatformUnavailable
from kiosk.devices.qr_engines import Decoded
from kiosk.devices.scanner import CameraScanner
from kiosk.devices.synthetic_frames import code_video

CARD = load_cards(REPO_ROOT / "data" / "devices" / "id_cards.yaml")["guo-jing"]


class FakeClient:
    def __init__(self, failure: Exception | None = None) -> None:
        self.failure = failure
        self.sent: list[str | IdCard] = []

    def send_qr(self, text: str) -> int:
        return self._send(text)

    def send_card(self, card: IdCard) -> int:
        return self._send(card)

    def _send(self, value: str | IdCard) -> int:
        if self.failure is not None:
            raise self.failure
        self.sent.append(value)
        return len(self.sent)


def _agent(client: FakeClient, now: list[float]) -> DeviceAgent:
    return DeviceAgent(client, clock=lambda: now[0])  # type: ignore[arg-type]


def test_fresh_reads_are_sent_stale_ones_dropped() -> None:
    now = [100.0]
    client = FakeClient()
    agent = _agent(client, now)
    assert agent.send(Read("qr", "A", at=100.0 - MAX_READ_AGE + 1))
    assert not agent.send(Read("qr", "B", at=100.0 - MAX_READ_AGE - 1))
    assert agent.send(Read("id_card", CARD, at=99.0))
    assert client.sent == ["A", CARD]
    assert (agent.stats.sent, agent.stats.dropped) == (2, 1)


@pytest.mark.parametrize(
    ("failure", "counter"),
    [(PlatformRefused(401, "revoked"), "refused"), (PlatformUnavailable("down"), "dropped")],
)
def test_refusal_and_outage_are_counted_and_logged_without_the_number(
    failure: Exception, counter: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    agent = _agent(FakeClient(failure), [0.0])
    agent.on_card(CARD)
    assert not agent.send(agent._reads.get_nowait())
    assert getattr(agent.stats, counter) == 1
    assert CARD.masked_number in caplog.text and CARD.id_number not in caplog.text


def test_a_full_queue_drops_instead_of_blocking_the_camera(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    agent = _agent(FakeClient(), [0.0])
    for index in range(QUEUE_SIZE + 3):
        agent.on_code(Decoded(f"https://ywtb.pds.gov.cn/s/{index}", "zxing", "frame"))
    assert agent.stats.dropped == 3
    assert "https://ywtb" not in caplog.text


def test_a_camera_that_cannot_open_is_retried_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    agent = DeviceAgent(FakeClient(), camera=str(tmp_path / "unplugged.avi"))  # type: ignore[arg-type]
    agent.start()
    deadline = time.monotonic() + 5
    while "cannot open camera source" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    agent.stop()
    assert "cannot open camera source" in caplog.text and "trying again in 5 s" in caplog.text


def test_demo_video_shows_each_code_to_the_camera(tmp_path: Path) -> None:
    seen: list[str] = []
    video = code_video(tmp_path / "demo.avi", ["POSTER-1", "PHONE-2"], seconds_each=0.5, gap=0.5)
    CameraScanner(str(video), lambda code: seen.append(code.text), max_fps=0).run()
    assert seen == ["POSTER-1", "PHONE-2"]
