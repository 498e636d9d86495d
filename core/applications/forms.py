"""One form per item scenario or bundle: declared fields (data/forms/), typed and validated,
merged across a bundle's items so each shared question is asked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from core.guide.models import Bundle, Item
from core.identity.id_numbers import IdNumberError, normalise_id_number
from core.settings import REPO_ROOT

FORMS_DIR = REPO_ROOT / "data" / "forms"
FieldType = Literal["text", "textarea", "number", "date", "choice", "boolean", "id_number", "phone"]
PHONE = re.compile(r"^1[3-9]\d{9}$")


class Choice(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    value: str
    label: str
    label_en: str = ""


class FieldSpec(BaseModel):
    """One question. Its id is catalogue-wide: the same id is the same question everywhere."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    label_en: str = ""
    type: FieldType = "text"
    required: bool = True
    help: str = ""
    help_en: str = ""
    choices: tuple[Choice, ...] = ()
    min: float | None = None
    max: float | None = None
    max_length: int = 200
    prefill: str = Field(default="", description="where the platform already knows it: citizen.name, ...")


@dataclass(frozen=True)
class Form:
    fields: tuple[FieldSpec, ...]
    asked_by: dict[str, tuple[str, ...]]  # field id -> item codes that need it

    def field(self, field_id: str) -> FieldSpec:
        return next(f for f in self.fields if f.id == field_id)


class FormError(ValueError):
    """The form declarations do not fit together."""


@lru_cache(maxsize=4)
def load_form_library(directory: Path = FORMS_DIR) -> tuple[dict[str, FieldSpec], dict[str, dict]]:
    """common.yaml declares shared fields; <item code>.yaml lists an item's fields per scenario."""
    common = yaml.safe_load((directory / "common.yaml").read_text("utf-8"))
    library = {spec["id"]: FieldSpec.model_validate(spec) for spec in common["fields"]}
    items: dict[str, dict] = {}
    for path in sorted(directory.glob("[0-9]*.yaml")):
        declared = yaml.safe_load(path.read_text("utf-8"))
        for spec in declared.get("fields", []):
            field = FieldSpec.model_validate(spec)
            if field.id in library and library[field.id] != field:
                raise FormError(f"{path.name} redefines field {field.id} differently")
            library[field.id] = field
        items[path.stem] = declared
    return library, items


def _field_ids(item: Item, scenario_id: str, items: dict[str, dict]) -> list[str]:
    declared = items.get(item.code, {})
    base = declared.get("base", ["applicant_name", "applicant_id_number", "applicant_phone"])
    return [*base, *declared.get("scenarios", {}).get(scenario_id, [])]


def form_for(item: Item, scenario_id: str | None = None) -> Form:
    library, items = load_form_library()
    scenario_id = scenario_id or item.scenarios[0].id
    item.scenario(scenario_id)  # KeyError for a scenario the item does not have
    ids = _field_ids(item, scenario_id, items)
    unknown = [i for i in ids if i not in library]
    if unknown:
        raise FormError(f"{item.code} asks undeclared fields {unknown}")
    return Form(tuple(library[i] for i in ids), {i: (item.code,) for i in ids})


def bundle_form(bundle: Bundle, items: list[Item]) -> Form:
    """One form for the whole life event: each field once, remembering who needs it."""
    fields: dict[str, FieldSpec] = {}
    asked_by: dict[str, list[str]] = {}
    for item in items:
        for spec in form_for(item).fields:
            fields.setdefault(spec.id, spec)
            asked_by.setdefault(spec.id, []).append(item.code)
    del bundle
    return Form(tuple(fields.values()), {k: tuple(v) for k, v in asked_by.items()})


def validate_answer(spec: FieldSpec, raw: object) -> tuple[object, str]:
    """(clean value, "") or (None, error code) for one answer."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return (None, "required") if spec.required else (None, "")
    if len(text) > spec.max_length:
        return None, "too_long"
    checker = _CHECKERS.get(spec.type, _check_text)
    return checker(spec, text)


def _check_text(_spec: FieldSpec, text: str) -> tuple[object, str]:
    return text, ""


def _check_number(spec: FieldSpec, text: str) -> tuple[object, str]:
    try:
        value = float(text)
    except ValueError:
        return None, "not_a_number"
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        return None, "out_of_range"
    return (int(value) if value.is_integer() else value), ""


def _check_date(_spec: FieldSpec, text: str) -> tuple[object, str]:
    try:
        return date.fromisoformat(text).isoformat(), ""
    except ValueError:
        return None, "not_a_date"


def _check_choice(spec: FieldSpec, text: str) -> tuple[object, str]:
    return (text, "") if text in {c.value for c in spec.choices} else (None, "not_a_choice")


def _check_boolean(_spec: FieldSpec, text: str) -> tuple[object, str]:
    lowered = text.lower()
    if lowered in {"true", "1", "yes", "on"}:
        return True, ""
    return (False, "") if lowered in {"false", "0", "no", "off"} else (None, "not_a_choice")


def _check_id_number(_spec: FieldSpec, text: str) -> tuple[object, str]:
    try:
        return normalise_id_number(text), ""
    except IdNumberError as invalid:
        return None, f"id_{invalid.code}"


def _check_phone(_spec: FieldSpec, text: str) -> tuple[object, str]:
    phone = re.sub(r"[\s-]", "", text)
    return (phone, "") if PHONE.match(phone) else (None, "not_a_phone")


_CHECKERS = {
    "number": _check_number,
    "date": _check_date,
    "choice": _check_choice,
    "boolean": _check_boolean,
    "id_number": _check_id_number,
    "phone": _check_phone,
}


def validate_answers(form: Form, answers: dict[str, object], only_given: bool = False) -> tuple[dict, dict]:
    """(clean answers, {field id: error code}); with only_given, unanswered fields are skipped
    (saving a step of a draft), otherwise every required field must be there (submission)."""
    clean: dict[str, object] = {}
    errors: dict[str, str] = {}
    for spec in form.fields:
        if only_given and spec.id not in answers:
            continue
        value, error = validate_answer(spec, answers.get(spec.id))
        if error:
            errors[spec.id] = error
        elif value is not None:
            clean[spec.id] = value
    return clean, errors
