"""The checker's rules, read from data files editors can extend (data/readability/)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.guide.readability.findings import FindingKind

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[3] / "data" / "readability"
COMMON_CHARS_FILE = "common_chars_2500.txt"


class RulesError(ValueError):
    """A rules file is malformed (editors edit them by hand, so say which and why)."""


@dataclass(frozen=True)
class PlainWord:
    plain: str
    not_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadabilityRules:
    officialese: dict[str, PlainWord]
    terms: dict[str, str]
    common_chars: frozenset[str]
    long_sentence_chars: int
    rare_share_warning: float
    passive_exceptions: tuple[str, ...]
    penalties: dict[FindingKind, int]


def _read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as broken:
        raise RulesError(f"{path.name}: not valid YAML ({broken})") from broken


def _entries(path: Path, key: str) -> list[dict]:
    entries = _read_yaml(path) or []
    if not isinstance(entries, list):
        raise RulesError(f"{path.name} must hold a list")
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not str(entry.get(key, "")).strip():
            raise RulesError(f"{path.name} entry {index + 1} needs '{key}'")
    return entries


def _terms(path: Path) -> dict[str, str]:
    return {str(e["term"]).strip(): str(e.get("explain", "")).strip() for e in _entries(path, "term")}


def _officialese(path: Path) -> dict[str, PlainWord]:
    return {
        str(e["word"]).strip(): PlainWord(
            str(e.get("plain", "")).strip(), tuple(str(w) for w in e.get("not_in", []) or [])
        )
        for e in _entries(path, "word")
    }


def read_common_chars(path: Path) -> frozenset[str]:
    """One line per stroke count, `<label>\\t<characters>`; `#` starts a comment line."""
    chars: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            chars.update(line.split("\t", 1)[-1].strip())
    return frozenset(chars)


def _settings(path: Path) -> dict:
    settings = _read_yaml(path) or {}
    if not isinstance(settings, dict):
        raise RulesError(f"{path.name} must hold a mapping")
    return settings


def load_rules_from(directory: Path) -> ReadabilityRules:
    settings = _settings(directory / "settings.yaml")
    penalties = settings.get("penalties", {})
    try:
        return ReadabilityRules(
            officialese=_officialese(directory / "officialese.yaml"),
            terms=_terms(directory / "terms.yaml"),
            common_chars=read_common_chars(directory / COMMON_CHARS_FILE),
            long_sentence_chars=int(settings.get("long_sentence_chars", 40)),
            rare_share_warning=float(settings.get("rare_share_warning", 0.05)),
            passive_exceptions=tuple(settings.get("passive_exceptions", [])),
            penalties={kind: int(penalties.get(kind.value, 0)) for kind in FindingKind},
        )
    except (TypeError, ValueError) as wrong:
        raise RulesError(f"settings.yaml: {wrong}") from wrong


@lru_cache(maxsize=4)
def load_rules(directory: Path = DEFAULT_RULES_DIR) -> ReadabilityRules:
    return load_rules_from(directory)
