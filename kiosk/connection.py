"""Whether a kiosk screen is still connected, so its watcher stops when the browser is gone
(Reflex's documented way: the client token is still linked to a websocket)."""

from __future__ import annotations

import asyncio

from reflex.utils import prerequisites

GRACE_SECONDS = 10.0
_STEP = 1.0


def _linked(client_token: str) -> bool | None:
    """True/False from the running app's websocket namespace; None when there is no app."""
    try:
        namespace = prerequisites.get_and_validate_app().app.event_namespace
    except Exception:  # no app in this process (unit tests): nothing to watch for
        return None
    return namespace is not None and client_token in namespace.token_to_sid


async def is_connected(client_token: str) -> bool:
    """Waits out a short reconnect (up to GRACE_SECONDS) before saying the screen is gone."""
    waited = 0.0
    while True:
        linked = _linked(client_token)
        if linked is None or linked:
            return linked is not None
        if waited >= GRACE_SECONDS:
            return False
        await asyncio.sleep(_STEP)
        waited += _STEP
