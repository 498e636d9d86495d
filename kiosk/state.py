"""The kiosk's one state: which screen shows, who is signed in (masked only), and the watcher
that takes the terminal's camera and card reads. The citizen's session token stays in a
backend-only var; the person leaving (finish or idle) wipes everything."""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from core.identity.sessions import POLICIES
from core.identity.terminal_events import TerminalEvent
from core.identity.terminals import Terminal
from core.services import guide_service, kiosk_sign_in, terminal_events
from core.settings import get_settings
from kiosk.access import paired_kiosk
from kiosk.connection import is_connected
from kiosk.views import event_cards, item_cards, life_event_links, most_used_cards
from shared_ui.guide_views import GuideView, guide_view
from shared_ui.i18n import UiState
from shared_ui.views import CardView, LinkView, MaterialView, ScenarioView

POLL_SECONDS = 0.3
WATCHER_ALIVE_SECONDS = 3.0  # wall clock: with Redis, workers share the state, not a monotonic clock
# Clears what the page keeps in the browser and reloads: a new Reflex token, nothing of the last person.
WIPE_SCRIPT = (
    "try{sessionStorage.clear();localStorage.clear();}catch(e){}"
    "document.cookie.split(';').forEach(function(c){var n=c.split('=')[0].trim();"
    "if(n){document.cookie=n+'=;expires=Thu, 01 Jan 1970 00:00:00 GMT;path=/';}});"
    "window.location.replace('/kiosk');"
)


def idle_times() -> tuple[int, int]:
    """Seconds of no touch before the wipe, and before it the countdown (kiosk policy)."""
    policy = POLICIES["kiosk"]
    idle = min(get_settings().kiosk_idle_seconds, int(policy.idle.total_seconds()))
    return idle, min(int(policy.warn_before.total_seconds()), idle // 2)


class KioskState(rx.State):
    paired: bool = False
    loaded: bool = False
    screen: str = "attract"  # attract | start | enrol | life_events | list | guide | apply | check | receipt
    notice: str = ""  # a message key (kiosk.messages.NOTICES)
    person_name: str = ""  # masked
    person_number: str = ""  # masked
    activity: int = 0  # bumped by every reaction to a scan: the idle timer counts it as a touch
    idle_seconds: int = 90
    warn_seconds: int = 30
    life_events: list[LinkView] = []
    most_used: list[CardView] = []
    list_title: str = ""
    list_title_en: str = ""
    bundle_code: str = ""  # the bundle the list shows, "" for a life event's items
    cards: list[CardView] = []
    guide: GuideView = GuideView()
    scenario_id: str = ""
    materials: list[MaterialView] = []
    _terminal: str = ""
    _token: str = ""
    _watcher: int = 0
    _watcher_beat: float = 0.0
    _pending_handoff: str = ""

    # --- who is calling -------------------------------------------------------------------

    def _kiosk(self) -> Terminal | None:
        """The paired kiosk, and the same one this state was opened on."""
        terminal = paired_kiosk(self)
        if terminal is None or (self._terminal and terminal.id != self._terminal):
            self.paired = False
            return None
        return terminal

    def _citizen_id(self) -> str | None:
        """The signed-in citizen on this paired kiosk (refreshes the kiosk session), or None."""
        if self._kiosk() is None:
            return None
        active = kiosk_sign_in().current(self._token)
        return active.subject_id if active else None

    # --- opening the page -----------------------------------------------------------------

    @rx.event
    def load_kiosk(self):
        terminal = paired_kiosk(self)
        self.paired, self.loaded = terminal is not None, True
        if terminal is None:
            return None
        if not self._terminal:
            self._terminal = terminal.id
            # A fresh screen: reads left by whoever stood here before never reach this person.
            terminal_events().discard(terminal.id)
        self.idle_seconds, self.warn_seconds = idle_times()
        catalogue = guide_service().catalogue
        self.life_events = life_event_links(catalogue)
        self.most_used = most_used_cards(catalogue)
        return KioskState.watch_terminal

    @rx.event(background=True)
    async def watch_terminal(self):
        """Take the terminal's reads every 300 ms while this screen is connected."""
        async with self:
            alive = time.time() - self._watcher_beat < WATCHER_ALIVE_SECONDS
            if not self._terminal or self._kiosk() is None or alive:
                return
            self._watcher += 1
            mine, terminal_id = self._watcher, self._terminal
            client = self.router.session.client_token
        while await is_connected(client):
            events = await asyncio.to_thread(terminal_events().take, terminal_id)
            async with self:
                if self._watcher != mine or self._terminal != terminal_id:
                    return
                self._watcher_beat = time.time()
                for event in events:
                    await self._react(event)
            await asyncio.sleep(POLL_SECONDS)

    async def _react(self, event: TerminalEvent) -> None:
        from kiosk.reactions import react  # the reactions open other screens' states

        self.activity += 1
        await react(self, event)

    # --- browsing ---------------------------------------------------------------------------

    @rx.event
    def begin(self):
        if self._kiosk() is not None:
            self.screen, self.notice = "start", ""

    @rx.event
    def show_life_events(self):
        if self._kiosk() is not None:
            self.screen, self.notice = "life_events", ""

    @rx.event
    def open_life_event(self, event_id: str):
        if self._kiosk() is None:
            return
        catalogue = guide_service().catalogue
        event = next((e for e in catalogue.life_events if e.id == event_id), None)
        if event is None:
            return
        self.list_title, self.list_title_en = event.name, event.name_en
        self.cards = event_cards(catalogue, event.id)
        self.bundle_code, self.screen, self.notice = "", "list", ""

    @rx.event
    def open_item(self, code: str):
        if self._kiosk() is not None:
            self._show_entry(str(code)[:40])

    def _show_entry(self, code: str) -> bool:
        """The guide of an item, or the items of a bundle; False for a code nobody knows."""
        service = guide_service()
        target = service.resolve_entry(code)
        if target is None:
            self.notice = "unknown_code"
            return False
        if target.kind == "bundle":
            bundle = service.catalogue.bundle(target.code)
            self.list_title, self.list_title_en = bundle.plain_name, bundle.plain_name_en
            self.cards = item_cards(service.catalogue, service.catalogue.bundle_items(bundle))
            self.bundle_code, self.screen, self.notice = bundle.code, "list", ""
            return True
        item = service.item(target.code)
        self.guide = guide_view(service.catalogue, item, get_settings().public_url)
        self._choose(self.guide.scenarios[0])
        self.screen, self.notice = "guide", ""
        return True

    @rx.event
    def choose_scenario(self, scenario_id: str):
        if self._kiosk() is None:
            return
        for scenario in self.guide.scenarios:
            if scenario.id == scenario_id:
                self._choose(scenario)

    def _choose(self, scenario: ScenarioView) -> None:
        self.scenario_id = scenario.id
        self.materials = list(scenario.materials)

    @rx.event
    def back_to_start(self):
        if self._kiosk() is not None:
            self.screen, self.notice = "start", ""

    # --- staying and leaving ----------------------------------------------------------------

    @rx.event
    def keep_alive(self):
        """The person is still touching the screen: keep their kiosk session alive. A session
        that ended on the server (idle elsewhere, revoked) wipes the screen."""
        if self._kiosk() is None:
            return None
        if self._token and self._citizen_id() is None:
            return KioskState.wipe("expired")
        return None

    @rx.event
    async def wipe(self, reason: str = "finish"):
        """Finish or idle: end the session, drop the terminal's pending reads, reset every
        kiosk state, then clear the browser's storage and reload with a new token."""
        terminal = paired_kiosk(self)
        kiosk_sign_in().sign_out(self._token, self._terminal, str(reason)[:16])
        if terminal is not None:
            terminal_events().discard(terminal.id)
        from kiosk.apply import KioskApplyState
        from kiosk.enrol import KioskEnrolState

        (await self.get_state(KioskApplyState)).reset()
        (await self.get_state(KioskEnrolState)).reset()
        (await self.get_state(UiState)).reset()
        self.reset()
        return rx.call_script(WIPE_SCRIPT)
