"""The sandbox population register (户籍人口库) answering real-name checks.

API: POST /verify {"name", "id_number"} -> 200 {"result": "match" | "mismatch" |
"not_found" | "deceased"}; a malformed body -> 422. Residents come from
data/sandbox/population.yaml; a cancelled registration answers "not_found", and the name
is checked before the death status so a wrong name learns nothing about the person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from core.sandbox.server import HttpError, JsonApp, Request, Response, json_object, text_field

DEFAULT_POPULATION_FILE = Path(__file__).resolve().parents[2] / "data" / "sandbox" / "population.yaml"
STATUSES = frozenset({"normal", "deceased", "cancelled"})
MAX_NAME_LENGTH = 50
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


@dataclass(frozen=True)
class Resident:
    name: str
    id_number: str
    status: str


def _normalize_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def load_residents(path: Path = DEFAULT_POPULATION_FILE) -> list[Resident]:
    """Read the register file; raises ValueError on a bad record."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    residents = []
    for number, entry in enumerate(data.get("residents", []), 1):
        resident = Resident(str(entry["name"]), str(entry["id_number"]), str(entry["status"]))
        if not _ID_SHAPE.fullmatch(resident.id_number) or resident.status not in STATUSES:
            raise ValueError(f"{path.name}: resident {number} has a bad id_number or status")
        residents.append(resident)
    return residents


class PopulationRegisterData:
    """Residents by ID number, read-only after construction."""

    def __init__(self, residents: Iterable[Resident]) -> None:
        self._by_id = {resident.id_number: resident for resident in residents}

    def __len__(self) -> int:
        return len(self._by_id)

    def verify(self, name: str, id_number: str) -> str:
        resident = self._by_id.get(id_number.upper())
        if resident is None or resident.status == "cancelled":
            return "not_found"
        if _normalize_name(resident.name) != _normalize_name(name):
            return "mismatch"
        return "deceased" if resident.status == "deceased" else "match"


def build_population_app(register: PopulationRegisterData) -> JsonApp:
    app = JsonApp("population")

    def verify(request: Request) -> Response:
        body = json_object(request)
        name = text_field(body, "name", MAX_NAME_LENGTH)
        id_number = text_field(body, "id_number", 18).upper()
        if not _ID_SHAPE.fullmatch(id_number):
            raise HttpError(422, "id_number must be 17 digits and a digit or X")
        return Response(200, {"result": register.verify(name, id_number)})

    app.add("POST", "/verify", verify)
    return app
