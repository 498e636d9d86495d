"""Catalogs stay complete and in step with the code (after alphagov/forms-runner's i18n spec)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from yiwang.messages import LOCALE, POT, extract

PLACEHOLDER = re.compile(r"\{\w+\}")


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def test_messages_pot_is_not_stale(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    extract(fresh)
    assert _ids(_read(fresh)) == _ids(_read(POT)), "run `make messages`"


@pytest.mark.parametrize("folder", ["zh_Hans", "en"])
def test_catalog_is_complete_without_fuzzy_or_unused(folder: str) -> None:
    catalog = _read(LOCALE / folder / "LC_MESSAGES" / "messages.po")
    wanted = _ids(_read(POT))
    assert _ids(catalog) == wanted
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert not catalog.obsolete


def test_translations_keep_their_placeholders() -> None:
    catalog = _read(LOCALE / "zh_Hans" / "LC_MESSAGES" / "messages.po")
    for message in catalog:
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string))


def test_chinese_catalog_is_chinese() -> None:
    catalog = _read(LOCALE / "zh_Hans" / "LC_MESSAGES" / "messages.po")
    assert all(re.search(r"[\u4e00-\u9fff]", m.string) for m in catalog if m.id)
