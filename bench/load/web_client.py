"""A citizen's browser tab, without the browser: it speaks Reflex 0.10.1's socket.io protocol at
`/_event` and emits what the compiled frontend (`.web/utils/state.js`, `context.js`) emits.

- Connect: query `token=<tab uuid>`, the page's cookies as a header, websocket subprotocol =
  the Reflex version, and the boot event in the CONNECT packet's `auth`:
  `{"event": hydrate_and_load + router_data, "state_schema": ...}`.
- A client-side navigation (a link, a `_redirect`): `on_load_internal` with the new router_data.
- A handler: `{"name": <full state path>.<handler>, "payload": {...}, "router_data": {...}}`.
- The server answers with `event` messages `{"delta": {state: {var_rx_state_: value}}, "events": [...]}`;
  there is no "final" marker (deprecated in 0.9), so each call waits until what the browser would
  show has arrived (a predicate over the merged state and the frontend events), or times out.

Handler names are literal strings, as the compiled frontend carries them: a renamed handler or
state makes the server ignore the event and the call time out, which is what must happen.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import socketio

ROOT = "reflex___state____state"
HYDRATE = f"{ROOT}.hydrate_and_load"
ON_LOAD = f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal"
MARK = "_rx_state_"
REFLEX_VERSION = version("reflex")  # what the compiled frontend offers as its subprotocol
EVENT_PATH = "/_event"  # both the engine.io path and the socket.io namespace, as `io(".../_event")`
TIMEOUT_S = 30.0

Check = Callable[["WebClient"], bool]


class ProtocolError(Exception):
    """The server did not answer as it answers a browser (timeout, state mismatch, wrong content)."""


def state_name(module: str, cls: str) -> str:
    """The full state path of a page's State, as Reflex mangles it: `web.pages.apply.ApplyState` ->
    `reflex___state____state.web___pages___apply____apply_state`."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", cls).lower()
    return f"{ROOT}.{module.replace('.', '___')}____{snake}"


@dataclass(frozen=True)
class FrontendBuild:
    """What a built frontend adds to its first hydrate: the compiled defaults' hashes and the
    state schema (read from `.web/utils/context.jsx`). Without it the client hydrates in full,
    as a browser does on a reconnect."""

    hashes: list[str]
    state_schema: Any

    @classmethod
    def read(cls, web_dir: Path) -> FrontendBuild | None:
        found = [p for p in (web_dir / "utils" / n for n in ("context.jsx", "context.js")) if p.exists()]
        if not found:
            return None
        text = found[0].read_text(encoding="utf-8")
        hashes = re.search(r"export const initialStateHashes = (.*)", text)
        schema = re.search(r"export const stateSchema = (.*)", text)
        if hashes is None or schema is None:
            return None
        return cls(json.loads(hashes.group(1)), json.loads(schema.group(1)))


def router_data(path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
    """What `withRouterData` in state.js sends: pathname, asPath, and the query merged with the
    dynamic route's params."""
    parts = urlsplit(path)
    data: dict[str, Any] = {"pathname": parts.path, "asPath": path}
    query = {**dict(parse_qsl(parts.query)), **(params or {})}
    if query:
        data["query"] = query
    return data


@dataclass
class WebClient:
    """One browser tab: a token, a socket, the merged state the page renders, the frontend
    events received, and the round trip of every call by label."""

    base_url: str
    local_address: str | None = None
    build: FrontendBuild | None = None
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, list[float]] = field(default_factory=dict)
    path: str = "/"
    params: dict[str, str] = field(default_factory=dict)
    _sio: socketio.AsyncClient | None = None
    _http: aiohttp.ClientSession | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _mismatch: Any = None

    def var(self, state: str, name: str, default: Any = None) -> Any:
        return self.state.get(state, {}).get(name + MARK, default)

    @property
    def hydrated(self) -> bool:
        return bool(self.var(ROOT, "is_hydrated"))

    async def open(self, path: str, cookie: str = "", params: dict[str, str] | None = None) -> float:
        """A full page load of `path`: a new socket whose CONNECT carries the hydrate event."""
        await self.close()
        self.path, self.params, self.state = path, dict(params or {}), {}
        self._sio = self._socket()
        start = time.perf_counter()
        await self._sio.connect(
            f"{self.base_url}?token={self.token}",
            headers={"Cookie": cookie} if cookie else {},
            auth=self._boot_auth(),
            transports=["websocket"],
            namespaces=[EVENT_PATH],
            socketio_path=EVENT_PATH,
            wait_timeout=TIMEOUT_S,
        )
        await self._until(lambda c: c.hydrated, f"hydrate {urlsplit(path).path}")
        return self._took(f"open {_route(path)}", start)

    def _boot_auth(self) -> dict[str, Any]:
        """`bootAuth(true)` of state.js: hydrate_and_load with the page's router data, plus the
        build's hashes and state schema when there is a build."""
        boot: dict[str, Any] = {"name": HYDRATE, "router_data": router_data(self.path, self.params)}
        if self.build is None:
            return {"event": boot}
        boot["payload"] = {"hashes": self.build.hashes}
        return {"event": boot, "state_schema": self.build.state_schema}

    def _socket(self) -> socketio.AsyncClient:
        """A socket.io client on its own aiohttp session (bound to this tab's loopback address),
        offering the Reflex version as websocket subprotocol, as `createSocket` does."""
        connector = aiohttp.TCPConnector(local_addr=(self.local_address, 0) if self.local_address else None)
        self._http = aiohttp.ClientSession(connector=connector)
        sio = socketio.AsyncClient(
            reconnection=False,
            handle_sigint=False,
            http_session=self._http,
            websocket_extra_options={"protocols": (REFLEX_VERSION,)},
        )
        sio.on("event", self._on_update, namespace=EVENT_PATH)
        sio.on("new_token", self._on_new_token, namespace=EVENT_PATH)
        sio.on("state_mismatch", self._on_mismatch, namespace=EVENT_PATH)
        return sio

    async def navigate(
        self, path: str, params: dict[str, str] | None = None, check: Check | None = None
    ) -> float:
        """A client-side navigation: the page's on_load handlers run, then is_hydrated flips back."""
        self.path, self.params = path, dict(params or {})
        self.state.setdefault(ROOT, {})["is_hydrated" + MARK] = False
        start = time.perf_counter()
        await self._emit({"name": ON_LOAD, "router_data": router_data(path, params)})
        await self._until(lambda c: c.hydrated and (check is None or check(c)), f"load {path}")
        return self._took(f"load {_route(path)}", start)

    async def call(self, state: str, handler: str, until: Check, **payload: Any) -> float:
        """Emit one handler event, as the page does on a click or a form submit, and wait until
        what the browser would show has arrived."""
        start = time.perf_counter()
        event: dict[str, Any] = {
            "name": f"{state}.{handler}",
            "router_data": router_data(self.path, self.params),
        }
        if payload:
            event["payload"] = payload
        await self._emit(event)
        await self._until(until, handler)
        return self._took(handler, start)

    async def close(self) -> None:
        if self._sio is not None:
            await self._sio.disconnect()
            self._sio = None
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def _emit(self, event: dict[str, Any]) -> None:
        if self._sio is None:
            raise ProtocolError("not connected")
        await self._sio.emit("event", event, namespace=EVENT_PATH)

    async def _until(self, check: Check, what: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not check(self):
            if self._mismatch is not None:
                raise ProtocolError(f"the server's state schema differs from the build: {self._mismatch}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"{what}: no answer a browser would show in {TIMEOUT_S:.0f} s")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                continue

    def _took(self, label: str, start: float) -> float:
        seconds = time.perf_counter() - start
        self.timings.setdefault(label, []).append(seconds)
        return seconds

    async def _on_update(self, update: dict[str, Any]) -> None:
        for name, changes in (update.get("delta") or {}).items():
            self.state.setdefault(name, {}).update(changes)
        self.events.extend(update.get("events") or [])
        self._changed.set()

    async def _on_new_token(self, token: str) -> None:
        self.token = token

    async def _on_mismatch(self, info: Any) -> None:
        self._mismatch = info
        self._changed.set()


def _route(path: str) -> str:
    """A label that groups timings by page, not by its parameters (`/apply/<code>`)."""
    route = urlsplit(path).path
    return re.sub(r"/[0-9a-f]{32}$|/\d{12}$", "/<id>", route)
