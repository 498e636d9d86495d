"""`yiwang api [--port P] [--host H] [--workers N]`: the mobile API alone (uvicorn), for an
API-only deployment behind the mini-program's gateway. Same URLs as in the one-port app."""

from __future__ import annotations

import argparse


def add_api_command(sub: argparse._SubParsersAction, ready) -> None:
    parser = sub.add_parser("api", help="serve the mobile API alone at /api/mobile/v1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--workers", type=int, default=1)

    def run(args: argparse.Namespace) -> int:
        import uvicorn

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
