"""Reflex event handlers whose database work runs off the worker's event loop.

Reflex runs a synchronous handler on the event loop that every websocket of the worker shares,
so a handler waiting for PostgreSQL there makes every other tab's events wait as well: under
the load bench a handler that only flips a bool took 50x its time alone. The tab's own state
stays locked while the thread works, so nothing else touches it meanwhile.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any


def off_loop(handler: Callable[..., Any]) -> Callable[..., Any]:
    """A synchronous handler (or helper) run in a worker thread; put it under `@rx.event`."""

    @functools.wraps(handler)
    async def run(self, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(handler, self, *args, **kwargs)

    return run
