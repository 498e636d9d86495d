"""Two bank branches with a registered terminal each, their tellers, and a real-name citizen
who has the city app on their phone (a mobile bearer token)."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
import pytest
import uvicorn
from sqlmodel import Session

from core.db import get_engine
from core.identity.records import CitizenRecord
from core.services import mobile_tokens, staff_accounts, terminal_registry
from core.testing.factories import make_id_number

PASSWORD = "teller password 2026"
BRANCH_X, BRANCH_Y = "工商银行新华支行", "建设银行卫东支行"


@dataclass
class Teller:
    username: str
    secret: str
    _last: int = -1

    def code(self) -> str:
        """A fresh TOTP step each time (each code is accepted once)."""
        totp = pyotp.TOTP(self.secret)
        now = totp.timecode(datetime.now(UTC))
        # The current step first: a step behind may already be out of the server's window when
        # the request arrives after a step boundary.
        self._last = max(self._last + 1, now)
        if self._last > now + 1:
            raise RuntimeError("too many logins in one TOTP window for this test teller")
        return totp.generate_otp(self._last)


@dataclass(frozen=True)
class BankTerminal:
    id: str
    key: str
    branch: str


@dataclass(frozen=True)
class Citizen:
    id: str
    name: str
    id_number: str
    phone_token: str


def _terminal(terminal_id: str, branch: str) -> BankTerminal:
    made = terminal_registry().register("bank", branch, terminal_id)
    return BankTerminal(made.terminal.id, made.key, branch)


@pytest.fixture
def terminals(seeded_env: str) -> dict[str, BankTerminal]:
    return {"x": _terminal("bank-xinhua-01", BRANCH_X), "y": _terminal("bank-weidong-01", BRANCH_Y)}


@pytest.fixture
def tellers(seeded_env: str) -> dict[str, Teller]:
    made = {
        name: staff_accounts().create(f"{name}.teller", f"柜员{name}", PASSWORD, [role])
        for name, role in (("x", "teller"), ("y", "teller"), ("manager", "branch_manager"), ("ed", "editor"))
    }
    return {name: Teller(new.principal.username, new.totp_secret) for name, new in made.items()}


def make_citizen(database_url: str, name: str = "王小明", sequence: str = "123") -> Citizen:
    citizen_id = uuid.uuid4().hex
    number = make_id_number(sequence=sequence)
    with Session(get_engine(database_url)) as session:
        session.add(
            CitizenRecord(
                id=citizen_id,
                phone=f"138{sequence}{sequence}00"[:11],
                name=name,
                id_number=number,
                real_name_verified_at=datetime.now(UTC),
            )
        )
        session.commit()
    return Citizen(citizen_id, name, number, mobile_tokens().issue("citizen", citizen_id).access_token)


@pytest.fixture
def citizen(seeded_env: str) -> Citizen:
    return make_citizen(seeded_env)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(seeded_env: str) -> Iterator[str]:
    """The HTTP app (partner API + mobile consent) served by uvicorn on a free loopback port."""
    from yiwang.http_app import create_http_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_http_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def card_record(citizen: Citizen, **changes: object) -> dict:
    """What the branch's ID card reader sends for this citizen's card (IdCard.to_record())."""
    record = {
        "name": citizen.name,
        "sex": "男" if int(citizen.id_number[16]) % 2 else "女",
        "ethnicity": "汉",
        "birth_date": f"{citizen.id_number[6:10]}-{citizen.id_number[10:12]}-{citizen.id_number[12:14]}",
        "address": "河南省平顶山市新华区建设路1号",
        "id_number": citizen.id_number,
        "issuer": "平顶山市公安局新华分局",
        "valid_from": "2016-05-01",
        "valid_until": "长期",
        "photo_jpeg": "",
    }
    return {**record, **changes}
