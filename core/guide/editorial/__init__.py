"""Editing what citizens read: guides, bundles and content blocks kept as numbered versions,
reviewed by a second person, published now, on review or at a set time."""

from core.guide.editorial.errors import EditorialError
from core.guide.editorial.guides import Editorial
from core.guide.editorial.subjects import BlockSubject, BlockText, BundleSubject, GuideSubject
from core.guide.editorial.texts import FaqText, GuideText, MaterialText, ScenarioText, apply_text, text_of
from core.guide.editorial.workflow import DraftState, GuideStatus, ReviewWorkflow, VersionInfo

__all__ = [
    "BlockSubject",
    "BlockText",
    "BundleSubject",
    "DraftState",
    "Editorial",
    "EditorialError",
    "FaqText",
    "GuideStatus",
    "GuideSubject",
    "GuideText",
    "MaterialText",
    "ReviewWorkflow",
    "ScenarioText",
    "VersionInfo",
    "apply_text",
    "text_of",
]
