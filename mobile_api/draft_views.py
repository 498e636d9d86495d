"""A core draft → the API's draft payload: form fields with saved answers (ID numbers masked,
prefilled ones locked), the materials checklist and what still blocks submission."""

from __future__ import annotations

from core.applications.drafts import DraftView
from core.applications.forms import FieldSpec, validate_answers
from core.applications.materials import checklist
from core.applications.prefill import locked_fields
from core.guide.renderings import pick
from core.identity.id_numbers import mask_id_number
from core.services import citizens, drafts, guide_service
from mobile_api.schemas_applications import ChoiceOut, DraftOut, DraftSummary, FieldOut, MaterialLineOut


def target_title(kind: str, code: str, lang: str) -> str:
    catalogue = guide_service().catalogue
    target = catalogue.find_bundle(code) if kind == "bundle" else catalogue.find_item(code)
    return pick(target.plain_name, target.plain_name_en, lang) if target else code


def shown_value(spec: FieldSpec, value: object) -> object:
    if value is None:
        return None
    return mask_id_number(str(value)) if spec.type == "id_number" else value


def _field(spec: FieldSpec, answers: dict, locked: set[str], lang: str) -> FieldOut:
    choices = [ChoiceOut(value=c.value, label=pick(c.label, c.label_en, lang)) for c in spec.choices]
    help_text = pick(spec.help, spec.help_en, lang)
    return FieldOut(
        id=spec.id,
        label=pick(spec.label, spec.label_en, lang),
        type=spec.type,
        required=spec.required,
        help=help_text or None,
        choices=choices or None,
        value=shown_value(spec, answers.get(spec.id)),
        locked=spec.id in locked,
    )


def draft_out(owner_id: str, draft: DraftView, lang: str) -> DraftOut:
    form = drafts().form(draft)
    locked = locked_fields(form, citizens().prefill(owner_id))
    _, missing = validate_answers(form, draft.answers)
    lines = checklist(guide_service().catalogue, draft)
    return DraftOut(
        id=draft.id,
        target_kind="bundle" if draft.target_kind == "bundle" else "item",
        target_code=draft.target_code,
        title=target_title(draft.target_kind, draft.target_code, lang),
        scenario_id=draft.scenario_id,
        step=draft.step,
        fields=[_field(f, draft.answers, locked, lang) for f in form.fields],
        materials=[
            MaterialLineOut(
                id=line.material.id,
                name=pick(line.material.name, line.material.name_en, lang),
                obtain=line.material.obtain.value,
                status=line.fetched,
                detail=line.detail or None,
            )
            for line in lines
        ],
        missing=missing,
    )


def draft_summary(draft: DraftView, lang: str) -> DraftSummary:
    return DraftSummary(
        id=draft.id,
        target_code=draft.target_code,
        title=target_title(draft.target_kind, draft.target_code, lang),
        step=draft.step,
    )
