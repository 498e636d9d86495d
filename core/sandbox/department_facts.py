"""The sandbox records of the housing fund centre, property register and social insurance bureau:
the facts 秒批 rules read (facts.<source>.<field>).

API: POST /facts {"source": "housing_fund"|"property_register"|"social_insurance",
"id_number": "<18 characters>"} -> 200 {"source", "facts": {...}}; no record -> 404; an unknown
source or a malformed ID number -> 422. The ID number travels in the body, never in the URL.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from core.sandbox.server import HttpError, JsonApp, Request, Response, json_object, text_field
from core.settings import REPO_ROOT

DEFAULT_FACTS_FILE = REPO_ROOT / "data" / "sandbox" / "department_facts.yaml"
SOURCES = ("housing_fund", "property_register", "social_insurance")


def load_facts(path: Path = DEFAULT_FACTS_FILE) -> dict[str, dict[str, dict[str, Any]]]:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    records = raw.get("records") or {}
    for id_number, sources in records.items():
        if unknown := set(sources) - set(SOURCES):
            raise ValueError(f"{path.name}: {id_number[:3]}…: unknown sources {sorted(unknown)}")
    return records


def _resolved(value: Any, today: date) -> Any:
    if isinstance(value, dict) and set(value) == {"days_ago"}:
        return (today - timedelta(days=int(value["days_ago"]))).isoformat()
    return value


def build_facts_app(records: dict[str, dict[str, dict[str, Any]]], today=date.today) -> JsonApp:
    app = JsonApp("facts")

    def post(request: Request) -> Response:
        body = json_object(request)
        source = text_field(body, "source", 32)
        id_number = text_field(body, "id_number", 18).upper()
        if source not in SOURCES:
            raise HttpError(422, f"source must be one of {', '.join(SOURCES)}")
        if len(id_number) != 18:
            raise HttpError(422, "id_number must have 18 characters")
        found = records.get(id_number, {}).get(source)
        if found is None:
            raise HttpError(404, "no record")
        now = today()
        return Response(200, {"source": source, "facts": {k: _resolved(v, now) for k, v in found.items()}})

    app.add("POST", "/facts", post)
    return app
