"""Editing the service guide: drafts kept as numbered versions, review by a second person,
publishing now, on review or at a set time, and reusable content blocks."""

from core.guide.editorial.texts import FaqText, GuideText, MaterialText, ScenarioText, apply_text, text_of
from core.guide.editorial.workflow import DraftState, Editorial, EditorialError, GuideStatus, VersionInfo

__all__ = [
    "DraftState",
    "Editorial",
    "EditorialError",
    "FaqText",
    "GuideStatus",
    "GuideText",
    "MaterialText",
    "ScenarioText",
    "VersionInfo",
    "apply_text",
    "text_of",
]
