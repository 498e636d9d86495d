"""Stateless Reflex components and view data shared by the PC web, kiosk and bank channels,
and the interface language and elderly-mode state they all use."""

from shared_ui.components.item_card import card_list, item_card
from shared_ui.components.layout import loading_or, page_shell
from shared_ui.components.links import link
from shared_ui.components.materials_checklist import materials_checklist
from shared_ui.components.qr_image import qr_image
from shared_ui.components.search_box import search_box
from shared_ui.i18n import UiState, bilingual, content_lang, msg, msgf

__all__ = [
    "UiState",
    "bilingual",
    "card_list",
    "content_lang",
    "item_card",
    "link",
    "loading_or",
    "materials_checklist",
    "msg",
    "msgf",
    "page_shell",
    "qr_image",
    "search_box",
]
