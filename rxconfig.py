"""Reflex configuration. The app module is chosen by YIWANG_APP_MODULE (default: every channel)."""

import os

import reflex as rx

# `yiwang scale` runs the backend workers alone (nginx serves the frontend): a frontend port in
# the config would make `reflex run --backend-only` refuse to start.
PORTS = (
    {}
    if os.environ.get("YIWANG_BACKEND_ONLY")
    else {
        "frontend_port": int(os.environ.get("YIWANG_PORT", "3000")),
        "backend_port": int(os.environ.get("YIWANG_PORT", "3000")),
    }
)

config = rx.Config(
    app_name="yiwang",
    app_module_import=os.environ.get("YIWANG_APP_MODULE", "yiwang.app"),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    **PORTS,
    disable_plugins=[rx.plugins.SitemapPlugin],
    # At scale, Reflex keeps client state in Redis so several backend workers share it.
    redis_url=os.environ.get("REDIS_URL") or None,
)
