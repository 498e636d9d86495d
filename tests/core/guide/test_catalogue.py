"""The seed catalogue meets the city's numbers, and broken catalogues are refused."""

import pytest

from core.guide.catalogue import Catalogue, CatalogueError
from core.guide.models import Item, Material, Obtain
from core.guide.stats import catalogue_stats

REQUIRED_ITEMS = [
    "居民身份证申领",
    "居民身份证换领",
    "居民身份证补领",
    "临时居民身份证",
    "出生登记",
    "户口迁入",
    "居住证",
    "护照",
    "往来港澳通行证",
    "无犯罪记录证明",
    "驾驶证期满换证",
    "驾驶证补领",
    "机动车注册登记",
    "结婚登记",
    "离婚登记",
    "补领婚姻登记证",
    "最低生活保障",
    "高龄津贴",
    "社会保障卡申领",
    "社会保障卡补换",
    "失业登记",
    "失业保险金",
    "退休",
    "城乡居民基本养老保险",
    "就业创业证",
    "城乡居民基本医疗保险",
    "异地就医备案",
    "生育津贴",
    "租房提取",
    "购房提取",
    "公积金个人贷款",
    "转移登记",
    "不动产登记资料查询",
    "抵押登记",
    "企业设立登记",
    "个体工商户",
    "食品经营许可",
    "企业注销",
    "出生医学证明",
    "生育登记",
    "入学",
    "教师资格认定",
    "建筑工程施工许可",
    "公共租赁住房",
    "残疾人证",
    "优待证",
    "户口注销",
]
REQUIRED_BUNDLES = ["新生儿出生", "企业开办", "餐饮", "退休", "身后", "二手房", "入学", "残疾人"]


def test_seed_meets_the_issue_numbers(seed_catalogue: Catalogue) -> None:
    stats = catalogue_stats(seed_catalogue)
    assert stats["items"] >= 80
    assert stats["departments"] >= 15
    assert stats["bundles"] >= 8
    assert stats["items_with_english"] >= 30
    assert stats["items_with_plain_language"] == stats["items"]


@pytest.mark.parametrize("name", REQUIRED_ITEMS)
def test_seed_has_required_item(seed_catalogue: Catalogue, name: str) -> None:
    assert any(name in item.name for item in seed_catalogue.items), name


@pytest.mark.parametrize("name", REQUIRED_BUNDLES)
def test_seed_has_required_bundle(seed_catalogue: Catalogue, name: str) -> None:
    assert any(name in b.name or name in b.plain_name for b in seed_catalogue.bundles), name


def test_most_used_english_items_are_translated(seed_catalogue: Catalogue) -> None:
    top = seed_catalogue.most_used(20)
    assert sum(bool(item.plain_name_en and item.summary_en) for item in top) >= 18


def test_elicence_materials_name_their_licence_type(seed_catalogue: Catalogue) -> None:
    for item in seed_catalogue.items:
        for scenario in item.scenarios:
            for material in scenario.materials:
                if material.obtain is Obtain.ELICENCE:
                    assert material.licence_type, (item.code, material.id)


def _replace_material(item: Item, material: Material) -> Item:
    scenario = item.scenarios[0].model_copy(update={"materials": [material]})
    return item.model_copy(update={"scenarios": [scenario]})


def test_one_material_id_must_mean_one_document(seed_catalogue: Catalogue) -> None:
    first = seed_catalogue.items[0]
    taken = first.scenarios[0].materials[0]
    other = _replace_material(seed_catalogue.items[1], taken.model_copy(update={"name": "另一种材料"}))
    with pytest.raises(CatalogueError, match=taken.id):
        Catalogue(seed_catalogue.departments, seed_catalogue.life_events, (first, other), ())


def test_unknown_department_is_refused(seed_catalogue: Catalogue) -> None:
    stray = seed_catalogue.items[0].model_copy(update={"department": "nowhere"})
    with pytest.raises(CatalogueError, match="nowhere"):
        Catalogue(seed_catalogue.departments, seed_catalogue.life_events, (stray,), ())


def test_duplicate_item_codes_are_refused(seed_catalogue: Catalogue) -> None:
    item = seed_catalogue.items[0]
    with pytest.raises(CatalogueError, match="duplicate"):
        Catalogue(seed_catalogue.departments, seed_catalogue.life_events, (item, item), ())


def test_bundle_with_unknown_item_is_refused(seed_catalogue: Catalogue) -> None:
    bundle = seed_catalogue.bundles[0].model_copy(update={"items": ["999999999999", "999999999998"]})
    with pytest.raises(CatalogueError, match="unknown items"):
        Catalogue(seed_catalogue.departments, seed_catalogue.life_events, seed_catalogue.items, (bundle,))
