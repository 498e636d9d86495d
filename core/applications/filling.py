"""Filling in a form for a citizen on any channel: find or start the draft, prefill what the
verified identity already says, and keep those prefilled answers out of the citizen's reach."""

from __future__ import annotations

from core.applications.drafts import Drafts, DraftView
from core.applications.forms import Form

MAX_ANSWER_CHARS = 400


def prefilled_ids(form: Form, known: dict[str, str]) -> set[str]:
    """Questions answered from the verified identity (shown, not editable)."""
    return {f.id for f in form.fields if f.prefill and known.get(f.prefill)}


def prefilled_answers(form: Form, known: dict[str, str]) -> dict[str, str]:
    return {f.id: known[f.prefill] for f in form.fields if f.prefill and known.get(f.prefill)}


def open_draft(
    drafts: Drafts, known: dict[str, str], owner: str, code: str, scenario: str = "", channel: str = "pc"
) -> DraftView:
    """The citizen's open draft for this item (and scenario), or a new one prefilled.
    Raises DraftNotFound or KeyError for a code or scenario the catalogue does not know."""
    for draft in drafts.mine(owner):
        if draft.target_code == code and (not scenario or draft.scenario_id == scenario):
            return draft
    draft = drafts.start(owner, code, scenario, channel=channel)
    answers = prefilled_answers(drafts.form(draft), known)
    return drafts.save_step(owner, draft.id, answers, step=0) if answers else draft


def editable_answers(form_data: dict, locked: set[str]) -> dict[str, str]:
    """What a client may change: prefilled answers come from the verified identity."""
    return {k: str(v)[:MAX_ANSWER_CHARS] for k, v in form_data.items() if k not in locked}
