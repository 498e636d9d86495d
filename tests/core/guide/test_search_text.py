"""The text steps of search, one at a time: normalisation, fillers, pinyin, English, glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.guide.search import load_glossary
from core.guide.search import pinyin as py
from core.guide.search.english import stem, stems
from core.guide.search.glossary import expand_synonyms, read_variants
from core.guide.search.lexicon import Lexicon
from core.guide.search.normalise import bigrams, cjk_runs, make_table, normalise, strip_fillers

GLOSSARY = load_glossary()
TABLE = make_table(GLOSSARY.variants)
LEXICON = Lexicon(GLOSSARY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＳＦＺ１２３", "sfz123"),  # full-width to half-width
        ("Lost ID Card", "lost id card"),  # lower case
        ("身份證 護照 結婚登記", "身份证 护照 结婚登记"),  # traditional to simplified
        ("駕駛證到期", "驾驶证到期"),
        ("新生儿出生“一件事”", "新生儿出生一件事"),  # quotes join
        ("住房公积金提取（租房）", "住房公积金提取租房"),  # brackets join
        ("身份证丢了，怎么办？", "身份证丢了 怎么办"),  # punctuation separates
        ("  多个   空格  ", "多个 空格"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw, TABLE) == expected


@given(st.text(max_size=40))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text, TABLE)
    assert normalise(once, TABLE) == once


def test_runs_and_bigrams() -> None:
    assert cjk_runs("sfz身份证 丢了abc补") == ["身份证", "丢了", "补"]
    assert bigrams("身份证") == ["身份", "份证"]
    assert bigrams("补") == ["补"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("身份证丢了怎么办", "身份证丢了"),  # 了 stays: 丢了 is catalogue vocabulary
        ("退休了要办啥", "退休"),
        ("我想给孩子上户口", "孩子上户口"),
        ("开个饭店需要什么手续", "开饭店"),
        ("个体户", "个体户"),  # 个 stays inside 个体
        ("怎么办", "怎么办"),  # nothing left: keep the query
    ],
)
def test_strip_fillers(query: str, expected: str) -> None:
    vocabulary = {"丢了", "个体", "体户", "孩子"}
    assert strip_fillers(query, LEXICON.fillers, LEXICON.particles, vocabulary) == expected


def test_synonym_spans_take_the_longest_term() -> None:
    spans = LEXICON.synonym_spans("办准生证开饭店")
    assert [(start, end) for start, end, _ in spans] == [(1, 4), (4, 7)]
    assert "生育登记" in spans[0][2]


@pytest.mark.parametrize(
    ("letters", "expected"),
    [
        ("shenfenzheng", (["shen", "fen", "zheng"], "")),
        ("shenfenzh", (["shen", "fen"], "zh")),
        ("xian", (["xian"], "")),  # fewest syllables
        ("gongjijin", (["gong", "ji", "jin"], "")),
        ("sfz", None),
        ("passport", None),
    ],
)
def test_split_syllables(letters: str, expected: tuple[list[str], str] | None) -> None:
    assert py.split_syllables(letters) == expected


def test_pinyin_folds_common_confusions() -> None:
    assert py.fold("zheng") == py.fold("zhen") == py.fold("zeng") == "zen"
    assert py.fold("shi") == "si"
    assert py.units("身份证") & py.units("身份正")  # homophone typo shares units
    assert py.units("公积金") & py.units("公积经")  # front/back nasal
    assert not py.units("身份证") & py.units("户口本")


def test_initials_and_readings() -> None:
    assert py.initials("身份证") == "sfz"
    assert py.initials("异地就医") == "ydjy"
    assert set(py.readings("行")) == {"xing", "hang"}
    assert py.main_unit("银航") in py.units("银行")  # second readings are indexed


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("registration", "register", "registered"), True),
        (("withdrawal", "withdraw"), True),
        (("marriage", "married"), True),
        (("licence", "license"), True),
        (("passport", "pass"), False),
    ],
)
def test_stems(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_stems_drop_stopwords_and_numbers() -> None:
    assert stems("how do i get a new id card 2024", frozenset({"how", "do", "i", "get", "a"})) == [
        "new", "id", "card",
    ]  # fmt: skip


def test_expand_synonyms_groups_both_ways_rewrites_one_way() -> None:
    found = expand_synonyms([["驾照", "驾驶证"]], {"准生证": ["生育登记"]})
    assert found == {"驾照": ("驾驶证",), "驾驶证": ("驾照",), "准生证": ("生育登记",)}


def test_read_variants_pairs_and_extra() -> None:
    assert read_variants({"pairs": ["證证護护"], "extra": {"妳": "你", "證": "证"}}) == {
        "證": "证", "護": "护", "妳": "你",
    }  # fmt: skip
    with pytest.raises(ValueError, match="odd length"):
        read_variants({"pairs": ["證证護"]})


def test_default_glossary_covers_the_brief(tmp_path: Path) -> None:
    pairs = {"准生证": "生育登记", "户口本": "户口簿", "驾照": "驾驶证", "低保": "最低生活保障",
             "社保": "社会保险", "房产证": "不动产权证书"}  # fmt: skip
    for colloquial, official in pairs.items():
        assert official in GLOSSARY.synonyms[colloquial]
    assert "怎么办" in GLOSSARY.filler_phrases and "了" in GLOSSARY.particles
    assert len(GLOSSARY.variants) > 2000
    assert load_glossary(tmp_path).synonyms == {}  # a folder without files is an empty glossary
