"""The parts of a guide an editor writes (GuideText), taken from and put back into an Item.

Everything else (codes, time limits, fees, channels) comes from the catalogue and stays.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from core.guide.models import Faq, Item, Material, Scenario

TITLE_MAX, SUMMARY_MAX, LINE_MAX, LIST_MAX = 60, 600, 300, 20


class _Text(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class ScenarioText(_Text):
    id: str
    name: str = Field(min_length=1, max_length=TITLE_MAX)
    name_en: str = Field(default="", max_length=TITLE_MAX * 3)
    conditions: list[str] = Field(default_factory=list, max_length=LIST_MAX)


class MaterialText(_Text):
    id: str
    name: str = ""  # shown to the editor; the name itself is catalogue-wide and not edited here
    note: str = Field(default="", max_length=LINE_MAX)


class FaqText(_Text):
    question: str = Field(min_length=1, max_length=LINE_MAX)
    answer: str = Field(min_length=1, max_length=SUMMARY_MAX)
    question_en: str = Field(default="", max_length=LINE_MAX * 2)
    answer_en: str = Field(default="", max_length=SUMMARY_MAX * 2)


class GuideText(_Text):
    plain_name: str = Field(min_length=1, max_length=TITLE_MAX)
    plain_name_en: str = Field(default="", max_length=TITLE_MAX * 3)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX)
    summary_en: str = Field(default="", max_length=SUMMARY_MAX * 2)
    steps: list[str] = Field(min_length=1, max_length=LIST_MAX)
    steps_en: list[str] = Field(default_factory=list, max_length=LIST_MAX)
    scenarios: list[ScenarioText] = Field(default_factory=list)
    materials: list[MaterialText] = Field(default_factory=list)
    faqs: list[FaqText] = Field(default_factory=list, max_length=LIST_MAX)

    def chinese_fields(self) -> dict[str, str]:
        """Every Chinese text by a stable field name: what the checker reads and highlights."""
        fields = {"plain_name": self.plain_name, "summary": self.summary}
        fields |= {f"step.{i}": step for i, step in enumerate(self.steps)}
        for scenario in self.scenarios:
            fields |= {f"scenario.{scenario.id}.{i}": c for i, c in enumerate(scenario.conditions)}
        fields |= {f"material.{m.id}": m.note for m in self.materials if m.note}
        for i, faq in enumerate(self.faqs):
            fields |= {f"faq.{i}.question": faq.question, f"faq.{i}.answer": faq.answer}
        return fields

    def lines(self) -> list[str]:
        """One labelled line per text, for readable diffs between versions."""
        english = {"plain_name_en": self.plain_name_en, "summary_en": self.summary_en}
        english |= {f"step_en.{i}": step for i, step in enumerate(self.steps_en)}
        english |= {f"scenario_en.{s.id}": s.name_en for s in self.scenarios}
        english |= {f"faq.{i}.en": f"{f.question_en} / {f.answer_en}" for i, f in enumerate(self.faqs)}
        return [f"{name}: {text}" for name, text in (self.chinese_fields() | english).items()]


def _materials(item: Item) -> list[Material]:
    seen: dict[str, Material] = {}
    for scenario in item.scenarios:
        for material in scenario.materials:
            seen.setdefault(material.id, material)
    return list(seen.values())


def text_of(item: Item) -> GuideText:
    return GuideText(
        plain_name=item.plain_name,
        plain_name_en=item.plain_name_en,
        summary=item.summary,
        summary_en=item.summary_en,
        steps=item.steps,
        steps_en=item.steps_en,
        scenarios=[
            ScenarioText(id=s.id, name=s.name, name_en=s.name_en, conditions=s.conditions)
            for s in item.scenarios
        ],
        materials=[MaterialText(id=m.id, name=m.name, note=m.note) for m in _materials(item)],
        faqs=[FaqText(**faq.model_dump()) for faq in item.faqs],
    )


def _scenario(scenario: Scenario, text: ScenarioText | None, notes: dict[str, str]) -> dict:
    data = scenario.model_dump(mode="json")
    if text is not None:
        data |= {"name": text.name, "name_en": text.name_en, "conditions": text.conditions}
    data["materials"] = [m | {"note": notes.get(m["id"], m["note"])} for m in data["materials"]]
    return data


def apply_text(item: Item, text: GuideText) -> Item:
    """The item as it reads with the editor's text; scenarios and materials matched by id."""
    scenarios = {s.id: s for s in text.scenarios}
    notes = {m.id: m.note for m in text.materials}
    data = item.model_dump(mode="json") | {
        "plain_name": text.plain_name,
        "plain_name_en": text.plain_name_en,
        "summary": text.summary,
        "summary_en": text.summary_en,
        "steps": text.steps,
        "steps_en": text.steps_en,
        "faqs": [Faq(**faq.model_dump()).model_dump() for faq in text.faqs],
        "scenarios": [_scenario(s, scenarios.get(s.id), notes) for s in item.scenarios],
    }
    return Item.model_validate(data)
