"""What frames every kiosk screen: the bar with who is signed in (masked) and the Finish
button, the notice after a scan, the idle countdown that wipes the screen, and the shell
that holds them, in elderly mode (large text, large targets) from the start."""

from __future__ import annotations

import reflex as rx

from kiosk.messages import ALERTS, notice_text
from kiosk.state import KioskState
from shared_ui.i18n import is_english, language_switch, msg, msgf

# Counts touches in the browser; the server's session policy is the truth, this only warns and
# then asks the server to wipe. If the wipe cannot reach the server, it clears the page itself.
IDLE_SCRIPT = """
(function () {
  if (window.__kioskIdle) return;
  var last = Date.now(), seen = null, kept = 0, watched = Date.now();
  ['pointerdown', 'keydown', 'touchstart', 'input', 'wheel'].forEach(function (name) {
    document.addEventListener(name, function () { last = Date.now(); }, true);
  });
  function press(id) { var b = document.getElementById(id); if (b) b.click(); }
  window.__kioskIdle = setInterval(function () {
    var holder = document.getElementById('kiosk-idle');
    var box = document.getElementById('kiosk-countdown');
    var secs = document.getElementById('kiosk-countdown-seconds');
    if (!holder || !box || !secs) return;
    if (holder.dataset.activity !== seen) { seen = holder.dataset.activity; last = Date.now(); }
    // Restarts the terminal watcher after a lost connection (a live watcher ignores it).
    if (Date.now() - watched > 5000) { watched = Date.now(); press('kiosk-watch'); }
    if (holder.dataset.active !== '1') { box.hidden = true; last = Date.now(); return; }
    var now = Date.now(), left = Number(holder.dataset.idle) * 1000 - (now - last);
    box.hidden = left > Number(holder.dataset.warn) * 1000;
    secs.textContent = String(Math.max(0, Math.ceil(left / 1000)));
    if (now - last < 1000 && now - kept > 15000) { kept = now; press('kiosk-keepalive'); }
    if (left <= 0 && !window.__kioskWiping) { window.__kioskWiping = now; press('kiosk-wipe'); }
    if (window.__kioskWiping && now - window.__kioskWiping > 5000) {
      try { sessionStorage.clear(); localStorage.clear(); } catch (e) {}
      window.location.replace('/kiosk');
    }
  }, 250);
})();
"""


def kiosk_bar() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.span("平顶山", class_name="brand-city"),
            rx.el.span(msg("Self-service kiosk"), class_name="brand-name"),
            class_name="brand",
        ),
        rx.cond(
            KioskState.person_name != "",
            rx.el.p(
                msg("Signed in:"),
                " ",
                rx.el.strong(KioskState.person_name, id="kiosk-person-name"),
                " ",
                rx.el.span(KioskState.person_number, id="kiosk-person-number"),
                class_name="kiosk-person",
            ),
            "",
        ),
        rx.el.div(
            language_switch(),
            rx.cond(
                KioskState.screen != "attract",
                rx.el.button(
                    msg("Finish"),
                    on_click=KioskState.wipe("finish"),
                    class_name="tool-button",
                    id="kiosk-finish",
                ),
                "",
            ),
            class_name="tools",
        ),
        class_name="site-header kiosk-bar",
    )


def notice() -> rx.Component:
    return rx.cond(
        KioskState.notice != "",
        rx.el.p(
            notice_text(KioskState.notice),
            role=rx.cond(rx.Var.create(list(ALERTS)).contains(KioskState.notice), "alert", "status"),
            class_name="panel kiosk-notice",
            id="kiosk-notice",
        ),
        "",
    )


def idle_countdown() -> rx.Component:
    return rx.fragment(
        rx.el.span(
            id="kiosk-idle",
            hidden=True,
            data_idle=KioskState.idle_seconds,
            data_warn=KioskState.warn_seconds,
            data_active=rx.cond(KioskState.screen != "attract", "1", "0"),
            data_activity=KioskState.activity,
        ),
        rx.el.div(
            rx.el.p(
                msgf(
                    "Nobody has touched the screen for a while. It clears itself in {seconds} seconds.",
                    seconds=rx.el.strong("", id="kiosk-countdown-seconds"),
                )
            ),
            rx.el.button(
                msg("I am still here"), on_click=KioskState.keep_alive, class_name="kiosk-button primary"
            ),
            id="kiosk-countdown",
            role="alert",
            hidden=True,
            class_name="kiosk-countdown",
        ),
        rx.el.button(id="kiosk-keepalive", on_click=KioskState.keep_alive, hidden=True, aria_hidden="true"),
        rx.el.button(id="kiosk-watch", on_click=KioskState.watch_terminal, hidden=True, aria_hidden="true"),
        rx.el.button(id="kiosk-wipe", on_click=KioskState.wipe("idle"), hidden=True, aria_hidden="true"),
        rx.script(IDLE_SCRIPT),
    )


def kiosk_shell(body: rx.Component) -> rx.Component:
    return rx.el.div(
        kiosk_bar(),
        rx.el.main(body, id="main", tab_index=-1, class_name="main kiosk-main"),
        rx.cond(KioskState.paired, idle_countdown(), ""),
        class_name="app elderly kiosk",
        lang=rx.cond(is_english(), "en", "zh-CN"),
        data_screen=KioskState.screen,
    )
