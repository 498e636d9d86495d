"""The plain-language checker on real guide text: the official wording of the seed proposal
and the catalogue, and the plain rewrites residents read."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.guide.readability import FindingKind, check_text, load_rules
from core.guide.readability.rules import DEFAULT_RULES_DIR, RulesError, load_rules_from
from core.settings import REPO_ROOT

SEED = Path("/work/shared/seed/000_2b9f0dc1b8d92d22.txt")
# The seed proposal (市政协十届一次会议第 211 号), its opening paragraph as published.
OFFICIAL = (
    "党的二十大报告明确提出要加快构建新发展格局,着力推动高质量发展。"
    "近年来,随着“放管服”改革不断深化,我市围绕提升政务服务的信息化水平,推出了一系列改革措施,"
    "不断优化营商环境,为企业和群众办事提供了便利。"
)
# The catalogue's own official phrasing next to its plain rewrite of the same rule.
OFFICIAL_EXIT = "登记备案的国家工作人员须先经单位审批，凡未满16周岁的申请人须由监护人陪同依申请办理相关手续。"
PLAIN_EXIT = "如果您是国家工作人员，先请单位同意。孩子不到 16 岁，要由爸爸或妈妈陪着来。"
PLAIN_ID = (
    "身份证丢了，可以到任意一个户政窗口补办，省内异地也能办。"
    "拍照、录指纹后，一般 20 个工作日（周一到周五）内能领到新证，也能寄到家。"
)


def kinds(text: str) -> set[FindingKind]:
    return {finding.kind for finding in check_text(text).findings}


def test_official_text_scores_lower_than_its_plain_rewrite() -> None:
    before, after = check_text(OFFICIAL_EXIT), check_text(PLAIN_EXIT)
    assert after.score > before.score
    assert {FindingKind.OFFICIALESE, FindingKind.LONG_SENTENCE} <= kinds(OFFICIAL_EXIT)
    assert after.findings == () and after.score == 100


def test_each_finding_points_at_its_words_and_suggests_a_plain_one() -> None:
    report = check_text(OFFICIAL_EXIT)
    words = {f.text: f for f in report.findings if f.kind is FindingKind.OFFICIALESE}
    assert {"须", "凡", "未满", "依申请", "办理", "相关"} <= set(words)
    for finding in words.values():
        assert OFFICIAL_EXIT[finding.start : finding.end] == finding.text
    assert words["依申请"].suggestion == "您申请后"
    assert "办理" in OFFICIAL_EXIT and words["相关"].suggestion


def test_longest_officialese_wins_and_fine_words_are_not_flagged() -> None:
    report = check_text("依申请予以受理。必须带身份证，注意关系和联系方式，平均三天。")
    texts = [f.text for f in report.findings if f.kind is FindingKind.OFFICIALESE]
    assert texts == ["依申请", "予以", "受理"]


def test_long_sentence_counts_characters_without_spaces() -> None:
    report = check_text(OFFICIAL)
    long = [f for f in report.findings if f.kind is FindingKind.LONG_SENTENCE]
    assert len(long) == 1 and long[0].text.startswith("近年来")
    assert long[0].detail["length"] > long[0].detail["limit"] == 40


def test_terms_need_explaining_unless_explained() -> None:
    assert FindingKind.TERM in kinds("请带上复印件。")
    assert FindingKind.TERM not in kinds("请带上复印件（复印出来的纸）。")
    assert FindingKind.TERM not in kinds(PLAIN_ID)


def test_passive_bei_but_not_nouns_that_contain_it() -> None:
    report = check_text("材料被退回了。被告和被保险人不用来。")
    passive = [f for f in report.findings if f.kind is FindingKind.PASSIVE]
    assert [(f.start, f.length) for f in passive] == [(2, 1)]


def test_numbers_and_dates_written_for_reading() -> None:
    report = check_text("请在2023-06-12前来，十五个工作日内办好，第二十条除外。")
    numbers = {f.text: f.suggestion for f in report.findings if f.kind is FindingKind.NUMBER_FORMAT}
    assert numbers == {"2023-06-12": "2023年6月12日", "十五": "15"}


def test_rare_characters_warned_only_when_their_share_is_high() -> None:
    few = "请带上户口簿和身份证，到离家最近的派出所户籍窗口来办，当天就能拿到。"
    assert FindingKind.RARE_CHARACTERS not in kinds(few)
    report = check_text("耄耋之年饕餮。")
    rare = [f for f in report.findings if f.kind is FindingKind.RARE_CHARACTERS]
    assert [f.text for f in rare] == ["耄", "耋", "饕", "餮"] and report.rare_share > 0.5


def test_common_character_list_is_the_whole_2500() -> None:
    common = load_rules().common_chars
    assert len(common) == 2500
    assert {"的", "狐", "威", "剑", "捡", "罐"} <= common and "簿" not in common


def test_score_reason_names_the_costliest_problem_first() -> None:
    report = check_text(OFFICIAL_EXIT)
    assert report.reason[0].kind is FindingKind.OFFICIALESE
    assert report.score == 100 - sum(p.points for p in report.penalties)


def test_seed_proposal_is_officialese_heavy() -> None:
    if not SEED.exists():
        pytest.fail(f"seed document missing: {SEED}")
    report = check_text(SEED.read_text(encoding="utf-8"))
    assert report.score < 50 and report.warning_count > 10


def test_plain_catalogue_summary_is_clean() -> None:
    assert check_text(PLAIN_ID).findings == ()


def test_editors_extend_the_lists(tmp_path: Path) -> None:
    for name in ("settings.yaml", "terms.yaml", "common_chars_2500.txt"):
        (tmp_path / name).write_bytes((DEFAULT_RULES_DIR / name).read_bytes())
    (tmp_path / "officialese.yaml").write_text("- {word: 敬请, plain: 请}\n", encoding="utf-8")
    report = check_text("敬请准时。", load_rules_from(tmp_path))
    assert [(f.text, f.suggestion) for f in report.findings] == [("敬请", "请")]


def test_a_broken_rules_file_says_which(tmp_path: Path) -> None:
    for name in ("settings.yaml", "terms.yaml", "common_chars_2500.txt"):
        (tmp_path / name).write_bytes((DEFAULT_RULES_DIR / name).read_bytes())
    (tmp_path / "officialese.yaml").write_text("- {plain: 请}\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"officialese\.yaml entry 1 needs 'word'"):
        load_rules_from(tmp_path)


def test_empty_text_is_perfect() -> None:
    assert check_text("").score == 100 and REPO_ROOT.exists()
