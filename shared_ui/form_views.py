"""View data of an application form: one FieldView per question, ready to render."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.applications.forms import FieldSpec, Form
from core.identity.id_numbers import mask_id_number


@dataclass
class ChoiceView:
    value: str = ""
    label: str = ""
    label_en: str = ""


@dataclass
class FieldView:
    id: str = ""
    label: str = ""
    label_en: str = ""
    type: str = "text"
    help: str = ""
    help_en: str = ""
    required: bool = True
    choices: list[ChoiceView] = field(default_factory=list)
    value: str = ""  # what the input shows; never a full ID number
    prefilled: bool = False  # known from the verified identity: shown, not editable
    error: str = ""


def shown_value(spec: FieldSpec, value: object) -> str:
    if value is None:
        return ""
    if spec.type == "id_number":
        return mask_id_number(str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def field_views(form: Form, answers: dict, prefilled: set[str], errors: dict[str, str]) -> list[FieldView]:
    return [
        FieldView(
            id=spec.id,
            label=spec.label,
            label_en=spec.label_en,
            type=spec.type,
            help=spec.help,
            help_en=spec.help_en,
            required=spec.required,
            choices=[ChoiceView(c.value, c.label, c.label_en) for c in spec.choices],
            value=shown_value(spec, answers.get(spec.id)),
            prefilled=spec.id in prefilled,
            error=errors.get(spec.id, ""),
        )
        for spec in form.fields
    ]
