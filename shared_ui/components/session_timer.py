"""Warns two minutes before an idle session ends, with a button to stay logged in; at the
end it sends the browser to the channel's login page. Client-side timing, server-side truth."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import msg

WARN_BEFORE_MS = 120_000
_TIMER_SCRIPT = """
(function () {
  if (window.__yiwangSessionTimer) return;
  window.__yiwangSessionTimer = setInterval(function () {
    var holder = document.getElementById('session-expiry');
    var warning = document.getElementById('session-warning');
    if (!holder || !warning) return;
    var expires = Number(holder.dataset.expires || 0);
    if (!expires) return;
    var left = expires - Date.now();
    warning.hidden = left > WARN_BEFORE_MS;
    if (left <= 0) { window.location.assign(holder.dataset.login || '/login?error=expired'); }
  }, 1000);
})();
""".replace("WARN_BEFORE_MS", str(WARN_BEFORE_MS))


def session_timer(
    expires_at_ms: rx.Var[int], on_extend: rx.EventHandler, login_url: str = "/login?error=expired"
) -> rx.Component:
    """`login_url`: where an expired session goes (each channel has its own login page)."""
    return rx.fragment(
        rx.el.span(id="session-expiry", data_expires=expires_at_ms, data_login=login_url, hidden=True),
        rx.el.div(
            rx.el.p(msg("You will be logged out in 2 minutes because nothing has happened for a while.")),
            rx.el.button(msg("Stay logged in"), on_click=on_extend, class_name="button primary"),
            id="session-warning",
            role="alert",
            hidden=True,
            class_name="panel warning",
        ),
        rx.script(_TIMER_SCRIPT),
    )
