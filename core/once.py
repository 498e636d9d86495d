"""Values computed once per process, safe to ask for from many threads at once."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")


def load_once(factory: Callable[[], T]) -> Callable[[], T]:
    """Like `lru_cache(maxsize=1)`, but concurrent first callers wait for one computation
    instead of each running it: the rule and terms files take a second or more to read, and
    a burst of first requests on a fresh worker read them once per thread, holding the GIL
    (and with it the worker's event loop) all that time."""
    cached = lru_cache(maxsize=1)(factory)
    locks = [threading.Lock()]

    def _new_lock_in_child() -> None:
        # A worker forked while another thread held the lock would wait for it forever.
        locks[0] = threading.Lock()

    os.register_at_fork(after_in_child=_new_lock_in_child)

    @wraps(factory)
    def get() -> T:
        with locks[0]:
            return cached()

    get.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return get
