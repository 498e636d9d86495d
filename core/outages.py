"""What an outage of the platform's own storage looks like to a request handler.

When PostgreSQL or Redis restarts (or SQLite is locked) a handler's query raises one of
`STORAGE_OUTAGES`. Nothing the caller sent was accepted, so every HTTP surface answers
503 with `Retry-After` rather than 500: device agents and phones send again, people are told
nothing was lost. Each surface (device routes, mobile API, bank partner API) words the answer
in its own error format.
"""

from __future__ import annotations

import redis.exceptions
import sqlalchemy.exc

STORAGE_OUTAGES: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,  # connection refused or cut, server shutting down, locked
    sqlalchemy.exc.InterfaceError,  # the driver's connection is gone
    redis.exceptions.ConnectionError,  # includes BusyLoadingError while Redis loads
    redis.exceptions.TimeoutError,
)
RETRY_AFTER_SECONDS = 5
OUTAGE_CODE = "service_unavailable"
OUTAGE_DETAIL = "storage is briefly unavailable; nothing was accepted, send again"
