"""Mobile API throughput: `python -m bench.bench_mobile_api`.

One uvicorn server (one worker, loopback) serves both the mobile API and a bare Starlette
endpoint behind the same gzip middleware; the bare endpoint returns stored bytes of exactly
the size of the API answer it is compared with. Four keep-alive clients in threads send
requests for a fixed time; the API and its bare twin are measured alternately, in rounds, so
both see the same machine noise. Rate limits stay on (in memory, the embedded default) but are
set high enough not to refuse the benchmark. Prints requests/s, p50/p99 and API/bare ratios.
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import httpx

CLIENTS = 4
SECONDS = 3.0
ROUNDS = 3
RENT = "200070001001"
QUERIES = (
    "身份证丢了怎么办",
    "租房提取公积金",
    "办准生证",
    "gjj",
    "lost id card",
    "开饭店",
    "社保卡丢了",
    "户口本",
)


def _prepare_database(workdir: Path) -> None:
    os.environ["YIWANG_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.db'}"
    os.environ["YIWANG_UPLOAD_DIR"] = str(workdir / "uploads")
    from core.db import get_engine, migrate
    from core.guide.repository import SqlCatalogueRepository
    from core.guide.seeding import seed_catalogue
    from core.settings import get_settings

    get_settings.cache_clear()
    migrate()
    settings = get_settings()
    seed_catalogue(SqlCatalogueRepository(get_engine(settings.database_url)), settings.catalogue_dir)


def _server_app(bare_bodies: dict[str, bytes]):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.responses import Response
    from starlette.routing import Mount, Route

    from core.settings import get_settings
    from mobile_api import PREFIX, create_app

    for name in ("YIWANG_LIMIT_MOBILE_PER_CLIENT_MINUTE", "YIWANG_LIMIT_MOBILE_PER_TOKEN_MINUTE"):
        os.environ[name] = str(10**9)
    get_settings.cache_clear()

    def bare(request) -> Response:
        return Response(bare_bodies[request.path_params["name"]], media_type="application/json")

    bare_app = Starlette(routes=[Route("/{name}", bare, methods=["GET", "PATCH"])])
    bare_app.user_middleware = [Middleware(GZipMiddleware, minimum_size=800)]
    return Starlette(routes=[Mount(PREFIX, create_app()), Mount("/bare", bare_app)])


@contextmanager
def _serving(app):
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _load(
    base: str, send: Callable[[httpx.Client, int], httpx.Response], headers: dict
) -> tuple[float, list[float]]:
    """Requests/s and latencies (ms) of CLIENTS threads sending for SECONDS."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + SECONDS

    def client() -> None:
        mine: list[float] = []
        with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
            n = 0
            while time.perf_counter() < stop:
                started = time.perf_counter()
                answer = send(http, n)
                assert answer.status_code == 200, answer.text[:200]
                mine.append((time.perf_counter() - started) * 1000)
                n += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.perf_counter() - began), latencies


def _p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1]


def _compare(name: str, base: str, api: Callable, bare: Callable, headers: dict) -> None:
    api_runs, bare_runs = [], []
    for _ in range(ROUNDS):
        api_runs.append(_load(base, api, headers))
        bare_runs.append(_load(base, bare, headers))
    api_rps = statistics.median(r for r, _ in api_runs)
    bare_rps = statistics.median(r for r, _ in bare_runs)
    api_ms = [x for _, lat in api_runs for x in lat]
    bare_ms = [x for _, lat in bare_runs for x in lat]
    print(
        f"{name:<22} API {api_rps:7.0f} req/s p50 {_p(api_ms, 50):6.2f} ms p99 {_p(api_ms, 99):6.2f} ms | "
        f"bare {bare_rps:7.0f} req/s p50 {_p(bare_ms, 50):6.2f} ms p99 {_p(bare_ms, 99):6.2f} ms | "
        f"ratio {api_rps / bare_rps:.2f}"
    )


def _log_in(base: str, sms_url: str) -> str:
    with httpx.Client(base_url=base, timeout=10) as http:
        phone = "13800001234"
        http.post("/api/mobile/v1/auth/sms-code", json={"phone": phone}).raise_for_status()
        text = httpx.get(f"{sms_url}/messages", params={"phone": phone}).json()["messages"][0]["text"]
        code = re.search(r"\d{6}", text).group(0)
        answer = http.post("/api/mobile/v1/auth/sms-login", json={"phone": phone, "code": code})
        return answer.json()["access_token"]


def main() -> None:
    from core.sandbox.runner import start_sandbox
    from core.services import reset_services
    from core.settings import get_settings

    with tempfile.TemporaryDirectory() as tmp, start_sandbox() as sandbox:
        _prepare_database(Path(tmp))
        os.environ["YIWANG_SMS_URL"] = sandbox.urls["sms"]
        get_settings.cache_clear()
        reset_services()
        bodies: dict[str, bytes] = {}
        with _serving(_server_app(bodies)) as base:
            _run(base, sandbox.urls["sms"], bodies)


def _run(base: str, sms_url: str, bodies: dict[str, bytes]) -> None:
    v1 = "/api/mobile/v1"
    plain = {"Accept-Encoding": "gzip", "Accept-Language": "zh-CN"}
    token = _log_in(base, sms_url)
    auth = {**plain, "Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=auth, timeout=10) as http:
        bodies["guide"] = http.get(f"{v1}/items/{RENT}").content
        bodies["search"] = http.get(f"{v1}/search", params={"q": QUERIES[0]}).content
        draft = http.post(f"{v1}/drafts", json={"target_code": RENT}).json()["id"]
        step = {"answers": {"monthly_rent": 1500, "bank_account": "6222021234567890123"}, "step": 1}
        bodies["draft"] = http.patch(f"{v1}/drafts/{draft}", json=step).content
    print(
        f"{CLIENTS} keep-alive clients, {SECONDS:.0f} s x {ROUNDS} rounds each, "
        "one uvicorn worker, gzip on both"
    )
    print(
        f"payloads: guide {len(bodies['guide'])} B, search {len(bodies['search'])} B, "
        f"draft {len(bodies['draft'])} B"
    )
    _compare(
        "guide (cached read)",
        base,
        lambda h, n: h.get(f"{v1}/items/{RENT}"),
        lambda h, n: h.get("/bare/guide"),
        plain,
    )
    _compare(
        "search",
        base,
        lambda h, n: h.get(f"{v1}/search", params={"q": QUERIES[n % len(QUERIES)]}),
        lambda h, n: h.get("/bare/search"),
        plain,
    )
    _compare(
        "draft update (PATCH)",
        base,
        lambda h, n: h.patch(
            f"{v1}/drafts/{draft}", json={**step, "answers": {"monthly_rent": 1000 + n % 500}}
        ),
        lambda h, n: h.patch("/bare/draft", json=step),
        auth,
    )


if __name__ == "__main__":
    main()
