"""`yiwang scale` refuses the embedded configuration and renders the nginx template it runs."""

from pathlib import Path

import pytest

from yiwang.cli import main
from yiwang.cli_scale import refuse_embedded, render_nginx

REPO = Path(__file__).resolve().parents[2]
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/yiwang"


def test_sqlite_or_no_redis_is_refused_with_the_setting_to_change() -> None:
    assert "YIWANG_DATABASE_URL" in refuse_embedded({"YIWANG_DATABASE_URL": "sqlite:///var/yiwang.db"})
    assert "REDIS_URL" in refuse_embedded({"YIWANG_DATABASE_URL": POSTGRES})
    assert "REDIS_URL" in refuse_embedded({"YIWANG_DATABASE_URL": POSTGRES, "REDIS_URL": "localhost:6379"})
    assert refuse_embedded({"YIWANG_DATABASE_URL": POSTGRES, "REDIS_URL": "redis://127.0.0.1:6379/0"}) is None


def test_the_command_stops_before_starting_anything(monkeypatch, capsys) -> None:
    monkeypatch.setenv("YIWANG_DATABASE_URL", "sqlite:///nowhere/yiwang.db")
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert main(["scale", "--no-build"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


def test_nginx_template_renders_every_placeholder(tmp_path: Path) -> None:
    template = (REPO / "deploy/nginx.conf.template").read_text(encoding="utf-8")
    conf = render_nginx(
        template, listen="127.0.0.1:3000", backend="127.0.0.1:8000", static_root=tmp_path, run_dir=tmp_path
    )
    assert "{{" not in conf
    assert "server 127.0.0.1:8000;" in conf and "listen 127.0.0.1:3000;" in conf
    assert f"root {tmp_path.resolve()};" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf  # the Reflex websocket
    assert "deny all;" in conf  # the editor is not public


@pytest.mark.parametrize("route", ["_upload", "_health", "s/", "auth/", "terminal/", "api/"])
def test_backend_routes_go_to_the_workers(route: str) -> None:
    template = (REPO / "deploy/nginx.conf.template").read_text(encoding="utf-8")
    (proxied,) = [line for line in template.splitlines() if line.strip().startswith("location ~")]
    assert route in proxied.split("(")[1].split(")")[0].split("|")
