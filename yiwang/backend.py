"""`python -m yiwang.backend run --env prod --backend-only …`: Reflex's own CLI, with granian told
to respawn a backend worker that dies. Reflex 0.10 keeps granian's default, under which one
killed worker stops the whole backend (every other worker with it): e2e/scale/test_faults.py
found it by killing a worker with -9."""

from __future__ import annotations

RESPAWN_INTERVAL = 0.5  # seconds before a dead worker is replaced


def respawn_failed_workers() -> None:
    """Make granian's Server (the class Reflex imports when it starts) respawn failed workers."""
    import granian.server as server

    base = server.Server
    if getattr(base, "yiwang_respawns", False):
        return

    class RespawningServer(base):  # type: ignore[misc, valid-type]
        yiwang_respawns = True

        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("respawn_failed_workers", True)
            kwargs.setdefault("respawn_interval", RESPAWN_INTERVAL)
            super().__init__(*args, **kwargs)

    server.Server = RespawningServer


def main() -> None:
    respawn_failed_workers()
    from reflex.reflex import cli

    cli()


if __name__ == "__main__":
    main()
