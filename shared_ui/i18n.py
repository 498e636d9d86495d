"""Interface language and elderly mode, shared by every Reflex channel.

UI strings are English msgids translated through the Babel catalogs in locale/. Both
languages are compiled into the page, so switching is instant and needs no round trip;
`msg()` picks by UiState.lang. Content written by editors comes in both languages as data
and is picked with `bilingual()`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import reflex as rx
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("zh", "en")
_CATALOG_FOLDERS = {"zh": "zh_Hans", "en": "en"}
_HTML_LANG = {"zh": "zh-CN", "en": "en"}


class MissingTranslation(KeyError):
    """A UI string has no entry in a catalog: run `make messages` and translate it."""


@lru_cache(maxsize=2)
def catalog(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / _CATALOG_FOLDERS[lang] / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=_CATALOG_FOLDERS[lang])
    return {m.id: m.string for m in parsed if m.id and m.string and not m.fuzzy}


def translate(msgid: str, lang: str) -> str:
    """The translation, for code that renders outside a Var (tests, print files)."""
    try:
        return catalog(lang)[msgid]
    except KeyError as missing:
        raise MissingTranslation(f"{msgid!r} has no {lang} translation") from missing


class UiState(rx.State):
    """The visitor's interface choices, kept in their browser."""

    lang: str = rx.LocalStorage("zh", name="yiwang_lang")
    elderly: str = rx.LocalStorage("", name="yiwang_elderly")

    @rx.event
    def set_language(self, lang: str):
        if lang not in LANGUAGES:
            return None
        self.lang = lang
        return rx.call_script(f"document.documentElement.lang = '{_HTML_LANG[lang]}'")

    @rx.event
    def toggle_elderly(self):
        self.elderly = "" if self.elderly else "1"


def N_(msgid: str) -> str:
    """Mark a string for extraction where it is translated later by `msg(variable)`."""
    return msgid


def is_english() -> rx.Var[bool]:
    return UiState.lang == "en"


def msg(msgid: str) -> rx.Var[str]:
    """A UI string in the visitor's language."""
    return rx.cond(is_english(), translate(msgid, "en"), translate(msgid, "zh"))


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def msgf(msgid: str, **values: rx.Var | str | int) -> rx.Component:
    """A UI string with {placeholders} filled by Vars, each language keeping its word order."""

    def pieces(lang: str) -> rx.Component:
        parts = _PLACEHOLDER.split(translate(msgid, lang))
        return rx.fragment(*(values[part] if i % 2 else part for i, part in enumerate(parts) if part))

    return rx.cond(is_english(), pieces("en"), pieces("zh"))


def bilingual(zh: rx.Var[str] | str, en: rx.Var[str] | str) -> rx.Var[str]:
    """Editor-written content: English where it exists, otherwise the Chinese original."""
    return rx.cond(is_english() & (en != ""), en, zh)


def content_lang(en: rx.Var[str] | str) -> rx.Var[str]:
    """The `lang` of a piece of content that may fall back to Chinese."""
    return rx.cond(is_english() & (en != ""), "en", "zh-CN")


def language_switch() -> rx.Component:
    return rx.el.button(
        rx.cond(is_english(), "中文", "English"),
        on_click=UiState.set_language(rx.cond(is_english(), "zh", "en")),
        lang=rx.cond(is_english(), "zh-CN", "en"),
        class_name="tool-button",
        id="language-switch",
        aria_label=rx.cond(is_english(), "切换到中文", "Switch to English"),
    )


def elderly_toggle() -> rx.Component:
    return rx.el.button(
        msg("Large text"),
        on_click=UiState.toggle_elderly,
        aria_pressed=rx.cond(UiState.elderly == "1", "true", "false"),
        class_name="tool-button",
        id="elderly-toggle",
    )
