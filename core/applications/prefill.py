"""Answers the platform already knows from the citizen's verified identity: filled in when a
draft starts, and locked so a client cannot overwrite them."""

from __future__ import annotations

from core.applications.drafts import Drafts, DraftView
from core.applications.forms import Form


def prefilled_answers(form: Form, known: dict[str, str]) -> dict[str, str]:
    return {f.id: known[f.prefill] for f in form.fields if f.prefill and known.get(f.prefill)}


def locked_fields(form: Form, known: dict[str, str]) -> set[str]:
    return set(prefilled_answers(form, known))


def start_prefilled(
    drafts: Drafts, known: dict[str, str], owner_id: str, target_code: str, scenario_id: str, channel: str
) -> DraftView:
    """A new draft with what is known already answered (DraftNotFound/KeyError for bad targets)."""
    draft = drafts.start(owner_id, target_code, scenario_id, channel=channel)
    answers = prefilled_answers(drafts.form(draft), known)
    return drafts.save_step(owner_id, draft.id, answers, step=0) if answers else draft
