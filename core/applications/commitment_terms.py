"""告知承诺 terms as data: one file per item, ``data/commitments/<item code>.yaml``::

    item: "010120003000"              # the item must be flagged commitment (告知承诺)
    scenarios: [exam_passed]          # scenarios that may be decided on commitment; each has a D material
    text: {zh: 本人承诺……, en: I undertake …}
    owed:                             # materials that may follow the decision; calendar days to supply them
      - {material: medical_examination, days: 30}

`load_terms` checks every file against the catalogue (a clear `TermsFileError` otherwise). The
text's SHA-256 is its version: a signature names the hash of the text the citizen read, so a
changed text is never taken as signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from core.guide.catalogue import Catalogue, load_catalogue_dir
from core.guide.models import Flag, Item, Obtain
from core.once import load_once
from core.settings import REPO_ROOT, get_settings

DEFAULT_TERMS_DIR = REPO_ROOT / "data" / "commitments"
MAX_DAYS = 180
_KEYS = {"item", "scenarios", "text", "owed"}


class TermsFileError(ValueError):
    """A commitments file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class OwedTerm:
    material_id: str
    days: int  # calendar days after signing, Beijing time


@dataclass(frozen=True)
class Terms:
    item_code: str
    scenarios: tuple[str, ...]
    text_zh: str
    text_en: str
    owed: tuple[OwedTerm, ...]

    @property
    def text_hash(self) -> str:
        return text_hash(self.text_zh, self.text_en)

    def owed_in(self, item: Item, scenario_id: str) -> tuple[OwedTerm, ...]:
        """The owed materials that the scenario actually asks for."""
        asked = {m.id for m in item.scenario(scenario_id).materials}
        return tuple(term for term in self.owed if term.material_id in asked)


def text_hash(zh: str, en: str) -> str:
    return hashlib.sha256(f"{zh}\n\n{en}".encode()).hexdigest()


class TermsLibrary:
    def __init__(self, terms: Mapping[str, Terms]) -> None:
        self._terms = dict(terms)

    def __len__(self) -> int:
        return len(self._terms)

    def for_item(self, item_code: str, scenario_id: str) -> Terms | None:
        terms = self._terms.get(item_code)
        return terms if terms and scenario_id in terms.scenarios else None


def _text(raw: Any, where: str) -> tuple[str, str]:
    if not isinstance(raw, Mapping) or set(raw) != {"zh", "en"}:
        raise TermsFileError(f"{where}: text needs zh and en")
    if not all(isinstance(raw[k], str) and raw[k].strip() for k in ("zh", "en")):
        raise TermsFileError(f"{where}: text needs zh and en")
    return raw["zh"].strip(), raw["en"].strip()


def _owed(raw: Any, item: Item, where: str) -> tuple[OwedTerm, ...]:
    if not isinstance(raw, list):
        raise TermsFileError(f"{where}: owed is a list of {{material, days}}")
    materials = {m.id: m for s in item.scenarios for m in s.materials}
    owed = []
    for entry in raw:
        if not isinstance(entry, Mapping) or set(entry) != {"material", "days"}:
            raise TermsFileError(f"{where}: each owed entry is {{material, days}}")
        material = materials.get(entry["material"])
        if material is None:
            raise TermsFileError(f"{where}: item {item.code} has no material {entry['material']}")
        if material.obtain is Obtain.COMMITMENT:
            raise TermsFileError(f"{where}: the commitment itself cannot be owed")
        days = entry["days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
            raise TermsFileError(f"{where}: days of {material.id} must be a whole number 1–{MAX_DAYS}")
        owed.append(OwedTerm(material.id, days))
    return tuple(owed)


def load_terms_file(path: Path, catalogue: Catalogue) -> Terms:
    where = path.name
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        raise TermsFileError(f"{where}: not valid YAML ({error})") from error
    if not isinstance(raw, Mapping) or set(raw) - _KEYS or not {"item", "scenarios", "text"} <= set(raw):
        raise TermsFileError(f"{where}: holds item, scenarios, text and owed")
    code = raw["item"]
    item = catalogue.find_item(code) if isinstance(code, str) else None
    if item is None or path.stem != code:
        raise TermsFileError(f"{where}: item must be a known item code in quotes, same as the file name")
    if not item.has_flag(Flag.COMMITMENT):
        raise TermsFileError(f"{where}: item {code} ({item.name}) is not flagged commitment (告知承诺)")
    scenarios = raw["scenarios"]
    if not isinstance(scenarios, list) or not scenarios:
        raise TermsFileError(f"{where}: scenarios is a non-empty list")
    for scenario_id in scenarios:
        try:
            scenario = item.scenario(scenario_id)
        except KeyError:
            raise TermsFileError(f"{where}: item {code} has no scenario {scenario_id}") from None
        if not any(m.obtain is Obtain.COMMITMENT for m in scenario.materials):
            raise TermsFileError(f"{where}: scenario {scenario_id} has no commitment (D) material")
    zh, en = _text(raw["text"], where)
    return Terms(code, tuple(scenarios), zh, en, _owed(raw.get("owed") or [], item, where))


def load_terms(directory: Path = DEFAULT_TERMS_DIR, catalogue: Catalogue | None = None) -> TermsLibrary:
    catalogue = catalogue or load_catalogue_dir(get_settings().catalogue_dir)
    paths = sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("_"))
    return TermsLibrary({t.item_code: t for t in (load_terms_file(p, catalogue) for p in paths)})


@load_once
def default_terms() -> TermsLibrary:
    return load_terms()
