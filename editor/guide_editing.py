"""View data of the guide editor: the editable text as flat fields a form can bind to, and
the checker's findings as rows with the flagged words cut out for highlighting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.clock import BEIJING
from core.guide.editorial import DraftState, FaqText, GuideText, MaterialText, ScenarioText
from core.guide.editorial.workflow import VersionInfo
from core.guide.readability import ReadabilityReport, check_text

SNIPPET = 12  # characters shown either side of a finding


@dataclass
class ScenarioEdit:
    id: str = ""
    name: str = ""
    name_en: str = ""
    conditions: str = ""  # one per line


@dataclass
class MaterialEdit:
    id: str = ""
    name: str = ""
    note: str = ""


@dataclass
class FaqEdit:
    question: str = ""
    answer: str = ""
    question_en: str = ""
    answer_en: str = ""


@dataclass
class FindingView:
    field: str = ""  # plain_name, summary, step, scenario, material, faq
    position: int = 0  # 1-based number of the step, condition or FAQ
    kind: str = ""
    before: str = ""
    marked: str = ""
    after: str = ""
    suggestion: str = ""
    size: int = 0  # a long sentence's length ("length" would clash with Var.length)
    limit: int = 0
    start: int = 0


@dataclass
class PenaltyView:
    kind: str = ""
    count: int = 0
    points: int = 0


@dataclass
class VersionView:
    number: int = 0
    author: str = ""
    note: str = ""
    created: str = ""


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def scenario_edits(text: GuideText) -> list[ScenarioEdit]:
    return [ScenarioEdit(s.id, s.name, s.name_en, "\n".join(s.conditions)) for s in text.scenarios]


def material_edits(text: GuideText) -> list[MaterialEdit]:
    return [MaterialEdit(m.id, m.name, m.note) for m in text.materials]


def faq_edits(text: GuideText) -> list[FaqEdit]:
    return [FaqEdit(f.question, f.answer, f.question_en, f.answer_en) for f in text.faqs]


def text_payload(
    simple: dict[str, str], scenarios: list[ScenarioEdit], materials: list[MaterialEdit], faqs: list[FaqEdit]
) -> dict:
    """What the form holds, shaped for GuideText validation in core."""
    return {
        "plain_name": simple.get("plain_name", ""),
        "plain_name_en": simple.get("plain_name_en", ""),
        "summary": simple.get("summary", ""),
        "summary_en": simple.get("summary_en", ""),
        "steps": lines(simple.get("steps", "")),
        "steps_en": lines(simple.get("steps_en", "")),
        "scenarios": [
            {"id": s.id, "name": s.name, "name_en": s.name_en, "conditions": lines(s.conditions)}
            for s in scenarios
        ],
        "materials": [{"id": m.id, "name": m.name, "note": m.note} for m in materials],
        "faqs": [vars(f).copy() for f in faqs if f.question.strip() or f.answer.strip()],
    }


def unchecked_text(payload: dict) -> GuideText:
    """The form's text without validation: the checker reads it while the editor types."""
    return GuideText.model_construct(
        **payload
        | {
            "scenarios": [ScenarioText.model_construct(**s) for s in payload["scenarios"]],
            "materials": [MaterialText.model_construct(**m) for m in payload["materials"]],
            "faqs": [FaqText.model_construct(**f) for f in payload["faqs"]],
        }
    )


def _field_parts(key: str) -> tuple[str, int]:
    parts = key.split(".")
    if parts[0] in ("plain_name", "summary"):
        return parts[0], 0
    if parts[0] == "step":
        return "step", int(parts[1]) + 1
    if parts[0] == "scenario":
        return "scenario", int(parts[2]) + 1
    if parts[0] == "material":
        return "material", 0
    return "faq", int(parts[1]) + 1


def _views(key: str, text: str, report: ReadabilityReport) -> list[FindingView]:
    field, position = _field_parts(key)
    return [
        FindingView(
            field=field,
            position=position,
            kind=f.kind.value,
            before=text[max(0, f.start - SNIPPET) : f.start],
            marked=text[f.start : f.end],
            after=text[f.end : f.end + SNIPPET],
            suggestion=f.suggestion,
            size=f.detail.get("length", 0),
            limit=f.detail.get("limit", 0),
            start=f.start,
        )
        for f in report.findings
    ]


@dataclass(frozen=True)
class GuideCheck:
    score: int
    findings: list[FindingView]
    penalties: list[PenaltyView]


def check_fields(fields: dict[str, str]) -> GuideCheck:
    """Every Chinese field checked on its own; the guide's score is its weakest field's."""
    findings: list[FindingView] = []
    penalties: dict[str, PenaltyView] = {}
    score = 100
    for key, text in fields.items():
        report = check_text(text)
        findings.extend(_views(key, text, report))
        score = min(score, report.score)
        for penalty in report.penalties:
            total = penalties.setdefault(penalty.kind.value, PenaltyView(penalty.kind.value))
            total.count, total.points = total.count + penalty.count, total.points + penalty.points
    reasons = sorted(penalties.values(), key=lambda p: (-p.points, p.kind))
    return GuideCheck(score, findings, reasons)


def version_views(versions: list[VersionInfo]) -> list[VersionView]:
    return [
        VersionView(v.number, v.author, v.note, v.created_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"))
        for v in versions
    ]


def scheduled_label(state: DraftState) -> str:
    return state.scheduled_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if state.scheduled_at else ""


def beijing_time(value: str) -> datetime | None:
    """A datetime-local value, read as Beijing time (what editors see on their clocks)."""
    try:
        return datetime.fromisoformat(value).replace(tzinfo=BEIJING)
    except ValueError:
        return None
