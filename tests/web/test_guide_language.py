"""The web item page shows the editors' English steps and FAQs in English mode, and the
Chinese ones otherwise (or when no English was written)."""

from __future__ import annotations

from collections.abc import Iterator

from core.guide.models import Faq
from core.settings import get_settings
from shared_ui.components.guide_sections import faqs, steps
from shared_ui.guide_views import guide_view
from web.pages.item import ItemState

CODE = "070010001003"
ENGLISH_MODE = 'lang_rx_state_?.valueOf?.() === "en"'


def _nodes(tree: object) -> Iterator[dict]:
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from _nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _nodes(value)


def test_guide_view_carries_the_english_steps_and_faqs(seed_catalogue) -> None:
    item = seed_catalogue.item(CODE).model_copy(
        update={
            "steps_en": ["Apply online", "Collect the card"],
            "faqs": [Faq(question="要多久？", answer="20天", question_en="How long?", answer_en="20 days")],
        }
    )
    view = guide_view(seed_catalogue, item, get_settings().public_url)
    assert view.steps == item.steps and view.steps_en == ["Apply online", "Collect the card"]
    assert (view.faqs[0].question_en, view.faqs[0].answer_en) == ("How long?", "20 days")
    assert view.faqs[0].answer == "20天"


def test_steps_are_the_english_ones_in_english_mode_when_written() -> None:
    choice = next(n for n in _nodes(steps(ItemState.guide).render()) if "cond_state" in n)
    assert ENGLISH_MODE in choice["cond_state"] and '["steps_en"].length > 0' in choice["cond_state"]
    english = next(n for n in _nodes(choice["true_value"]) if "iterable_state" in n)
    chinese = next(n for n in _nodes(choice["false_value"]) if "iterable_state" in n)
    assert english["iterable_state"].endswith('["steps_en"]')
    assert chinese["iterable_state"].endswith('["steps"]')
    assert "'lang:\"en\"'" in str(choice["true_value"]) and "'lang:\"zh-CN\"'" in str(choice["false_value"])


def test_faq_questions_and_answers_are_english_in_english_mode_else_chinese() -> None:
    texts = [n["contents"] for n in _nodes(faqs(ItemState.guide).render()) if "contents" in n]
    for field in ("question", "answer"):
        shown = next(t for t in texts if f'["{field}_en"]' in t and ENGLISH_MODE in t)
        english, chinese = shown.split(" : ", 1)
        assert f'["{field}_en"]' in english and f'["{field}"]' in chinese, shown
