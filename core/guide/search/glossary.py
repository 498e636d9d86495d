"""The editable vocabulary of search: synonyms, question fillers, variant characters.

Editors keep it as YAML under data/glossary; `load_glossary` reads it into one value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_GLOSSARY_DIR = Path(__file__).resolve().parents[3] / "data" / "glossary"


@dataclass(frozen=True)
class Glossary:
    """Raw (not yet normalised) glossary data; the index normalises what it uses."""

    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    english_synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    filler_phrases: tuple[str, ...] = ()
    particles: frozenset[str] = frozenset()
    english_stopwords: frozenset[str] = frozenset()
    bundle_markers: tuple[str, ...] = ()
    variants: Mapping[str, str] = field(default_factory=dict)


def load_glossary(path: Path = DEFAULT_GLOSSARY_DIR) -> Glossary:
    """Read synonyms.yaml, fillers.yaml and variants.yaml (each optional) from `path`."""
    synonyms = _read(path / "synonyms.yaml")
    fillers = _read(path / "fillers.yaml")
    return Glossary(
        synonyms=expand_synonyms(synonyms.get("groups", []), synonyms.get("rewrites", {})),
        english_synonyms=expand_synonyms(
            synonyms.get("english_groups", []), synonyms.get("english_rewrites", {})
        ),
        filler_phrases=tuple(str(p) for p in fillers.get("phrases", [])),
        particles=frozenset(str(p) for p in fillers.get("particles", [])),
        english_stopwords=frozenset(str(w) for w in fillers.get("english_stopwords", [])),
        bundle_markers=tuple(str(m) for m in fillers.get("bundle_markers", [])),
        variants=read_variants(_read(path / "variants.yaml")),
    )


def expand_synonyms(groups: list[list[str]], rewrites: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """term -> the other terms it should also find. Groups work both ways, rewrites one way."""
    out: dict[str, list[str]] = {}
    for group in groups:
        terms = [str(t) for t in group]
        for term in terms:
            _add(out, term, [t for t in terms if t != term])
    for source, targets in rewrites.items():
        _add(out, str(source), [str(t) for t in targets])
    return {term: tuple(targets) for term, targets in out.items()}


def _add(out: dict[str, list[str]], term: str, targets: list[str]) -> None:
    known = out.setdefault(term, [])
    known.extend(t for t in targets if t not in known and t != term)


def read_variants(data: Mapping[str, Any]) -> dict[str, str]:
    """Variant -> simplified characters from `pairs` runs, then `extra` on top."""
    table: dict[str, str] = {}
    for run in data.get("pairs", []):
        text = str(run)
        if len(text) % 2:
            raise ValueError(f"variants run of odd length: {text[:20]}")
        table.update({text[i]: text[i + 1] for i in range(0, len(text), 2)})
    table.update({str(k): str(v) for k, v in (data.get("extra") or {}).items()})
    return {k: v for k, v in table.items() if k != v}


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ValueError(f"{path} must hold a mapping")
    return loaded
