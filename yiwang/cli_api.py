"""`yiwang api [--port P] [--host H] [--workers N]`: the mobile API alone (uvicorn), for an
API-only deployment behind the mini-program's gateway. Same URLs as in the one-port app."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping

environ = os.environ


def workers_refusal(workers: int, env: Mapping[str, str]) -> str:
    """Several worker processes count rate limits apart unless they share Redis: refuse that."""
    if workers > 1 and not (env.get("REDIS_URL") or env.get("YIWANG_REDIS_URL")):
        return "several workers need REDIS_URL=redis://… (rate limits are shared through Redis)"
    return ""


def add_api_command(sub: argparse._SubParsersAction, ready) -> None:
    parser = sub.add_parser("api", help="serve the mobile API alone at /api/mobile/v1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--workers", type=int, default=1)

    def run(args: argparse.Namespace) -> int:
        import uvicorn

        if refusal := workers_refusal(args.workers, environ):
            print(refusal)
            return 2
        ready()
        print(
            f"mobile API on http://{args.host}:{args.port}/api/mobile/v1 (spec: /api/mobile/v1/openapi.json)"
        )
        uvicorn.run(
            "mobile_api.app:create_standalone_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
        )
        return 0

    parser.set_defaults(func=run)
