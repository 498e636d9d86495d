"""Realistic generated catalogue items, for benchmarks at real-catalogue scale.

A city catalogue has ~2,000 items and a province's tens of thousands, most of them an
object (药品零售企业, 户外广告设施) plus an action (许可, 变更, 注销) and a scenario. The
generator combines such parts, reuses the real catalogue's materials, departments and life
events, and numbers items in a code range the seed never uses (department numbers 500+).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import product

from core.guide.catalogue import Catalogue
from core.guide.models import Channel, Faq, Flag, Item, ItemType, Material, Obtain, Scenario


def _table(text: str) -> list[tuple[str, str, str]]:
    rows = [tuple(part.strip() for part in entry.split("|")) for entry in text.split(";") if entry.strip()]
    return [(row[0], row[1], row[2]) for row in rows]


# Chinese object | English object | what residents call it; entries separated by ";".
OBJECTS = _table("""
    药品零售企业|pharmacy|开药店; 医疗器械经营|medical device trading|卖医疗器械;
    户外广告设施设置|outdoor advertising|挂广告牌; 城市道路占用挖掘|road excavation|挖马路;
    建设工程消防设计|fire safety design|消防设计; 建筑工程施工|construction works|盖房子施工;
    道路运输经营|road transport business|跑运输; 出租汽车经营|taxi business|开出租车;
    机动车维修经营|car repair business|开修车厂; 驾驶员培训机构|driving school|开驾校;
    娱乐场所经营|entertainment venue|开歌厅; 网吧经营|internet cafe|开网吧;
    旅行社设立|travel agency|开旅行社; 出版物零售|bookshop|开书店; 烟草专卖零售|tobacco retail|卖烟;
    酒类流通|liquor trading|卖酒; 民办学校办学|private school|办学校;
    校外培训机构|tutoring centre|开培训班; 教师资格认定|teacher qualification|教师资格证;
    护士执业注册|nurse registration|护士证; 医师执业注册|doctor registration|医师证;
    诊所设置|clinic|开诊所; 公共场所卫生|public venue hygiene|卫生许可;
    生活饮用水供水单位卫生|drinking water|供水; 种子生产经营|seed business|卖种子;
    农药经营|pesticide trading|卖农药; 兽药经营|veterinary drugs|卖兽药;
    动物诊疗|animal clinic|开宠物医院; 犬只登记|dog registration|养狗办证; 渔业捕捞|fishing|捕鱼证;
    林木采伐|tree felling|砍树; 取水|water abstraction|打井取水;
    排水接入城市管网|drainage connection|排水; 污染物排放|pollutant discharge|排污;
    危险化学品经营|hazardous chemicals|危化品; 烟花爆竹零售|fireworks retail|卖烟花;
    特种设备使用|special equipment|电梯锅炉登记; 燃气经营|gas supply business|燃气;
    物业服务|property management|物业; 房地产开发|property development|开发商;
    人力资源服务|recruitment agency|开中介; 劳务派遣经营|labour dispatch|劳务派遣;
    社会团体成立|association|成立协会; 民办非企业单位成立|non-profit organisation|办民非;
    宗教活动场所|religious venue|宗教场所; 文物保护单位修缮|heritage repair|修文物;
    律师执业|lawyer practice|律师证; 司法鉴定|forensic appraisal|司法鉴定;
    体育经营活动|sports business|开健身房; 游泳场所|swimming pool|游泳馆;
    保安服务公司|security company|开保安公司; 典当行|pawnshop|开当铺; 成品油零售|fuel retail|开加油站;
    粮食收购|grain purchase|收粮食; 测绘资质|surveying qualification|测绘;
    防雷装置|lightning protection|防雷; 人防工程|civil air defence works|人防;
    城市绿地占用|green space use|占绿地; 古树名木迁移|old tree relocation|移古树;
    建筑垃圾处置|construction waste|拉渣土; 临时占道经营|street stall|摆摊; 招牌设置|shop sign|挂招牌;
    养老机构|care home|开养老院; 托育机构|childcare centre|开托育
""")
# official action | colloquial action | English action
ACTIONS = _table("""
    许可|办证|licence; 核发|申请|issue; 变更|改信息|change; 延续|到期续期|renewal;
    注销|不干了注销|cancellation; 补证|证丢了补办|replacement; 备案|备案|filing; 审批|审批|approval;
    登记|登记|registration; 年度报告|年报|annual report; 验收|验收|acceptance check;
    证明开具|开证明|certificate
""")
SCENARIOS = _table(
    "new|首次申请|First application; change|信息变更|Details changed; "
    "branch|分支机构|Branch office; county|县（区）级受理|County-level"
)
EXTRA_MATERIALS = [
    Material(id="syn_application_form", name="申请表", name_en="Application form", obtain=Obtain.UPLOAD),
    Material(id="syn_site_plan", name="场所平面图", name_en="Site plan", obtain=Obtain.UPLOAD),
    Material(id="syn_commitment", name="告知承诺书", name_en="Signed commitment", obtain=Obtain.COMMITMENT),
]
PLACES = ["平顶山市市民服务中心综合窗口", "县（区）政务服务中心", "乡镇（街道）便民服务中心"]
DISTRICTS = ["新华区", "卫东区", "湛河区", "石龙区", "舞钢市", "汝州市", "宝丰县", "叶县", "鲁山县", "郏县"]
CODE_DEPARTMENT_BASE = 500


def synthetic_items(catalogue: Catalogue, n: int, seed: int = 0) -> list[Item]:
    """`n` generated items fitting `catalogue` (its departments, life events, materials)."""
    rng = random.Random(seed)
    materials = _material_pool(catalogue)
    taken = {item.code for item in catalogue.items}
    combos = list(product(range(len(OBJECTS)), range(len(ACTIONS))))
    rng.shuffle(combos)
    codes = item_codes(taken)
    return [_item(rng, combos[k % len(combos)], k, next(codes), catalogue, materials) for k in range(n)]


def _material_pool(catalogue: Catalogue) -> list[Material]:
    found = {m.id: m for item in catalogue.items for s in item.scenarios for m in s.materials}
    return list(found.values())[:40] + EXTRA_MATERIALS


def item_codes(taken: set[str]) -> Iterator[str]:
    """Unused 12-digit codes: type, department number 500+, item number, sub-item 000."""
    types = [t.value for t in ItemType]
    for department in range(CODE_DEPARTMENT_BASE, 1000):
        for number in range(1, 10000):
            code = f"{types[number % len(types)]}{department:03d}{number:04d}000"
            if code not in taken:
                yield code


def _item(
    rng: random.Random, combo: tuple[int, int], k: int, code: str, catalogue: Catalogue,
    materials: list[Material],
) -> Item:  # fmt: skip
    obj, obj_en, colloquial = OBJECTS[combo[0]]
    action, action_plain, action_en = ACTIONS[combo[1]]
    round_ = k // len(OBJECTS) // len(ACTIONS)
    scope = ["", "（市级）", "（县级）", "（跨区域）", "（新办）", "（连锁）"][round_ % 6]
    district = ("", *DISTRICTS)[round_ // 6 % (len(DISTRICTS) + 1)]
    department = catalogue.departments[rng.randrange(len(catalogue.departments))]
    events = [e.id for e in catalogue.life_events]
    name = f"{district}{obj}{action}{scope}"
    return Item(
        code=code, name=name, plain_name=f"{colloquial}{action_plain}", plain_name_en=f"{obj_en} {action_en}",
        summary=_summary(rng, obj, action, department.short_name),
        summary_en=f"{action_en.capitalize()} for {obj_en}, handled by the {department.name_en}.",
        type=ItemType(code[:2]), department=department.code,
        who_can_apply=rng.choice(["依法设立的企业和个体工商户", "本市常住居民", "相关单位和个人"]),
        scenarios=_scenarios(rng, materials), steps=["网上或窗口提交申请", "部门审核", "领取结果"],
        time_limit_legal=rng.choice([5, 10, 20, 30]), time_limit_promised=rng.choice([1, 3, 5, 10]),
        fee=rng.choice(["不收费", "工本费 10 元"]), visits=rng.choice([0, 0, 1]),
        channels=rng.sample([Channel.PC, Channel.MOBILE, Channel.WINDOW, Channel.KIOSK], 2),
        flags=rng.sample(list(Flag), rng.randrange(3)), place=rng.choice(PLACES),
        hours=department.hours, phone=department.phone,
        legal_basis=[f"《{obj}管理办法》第{rng.randrange(3, 40)}条"],
        faqs=[Faq(question=f"{colloquial}要多久？", answer="材料齐全的，承诺时限内办结。")],
        keywords=_keywords(rng, obj, colloquial, action, action_plain),
        keywords_en=[f"{obj_en} {action_en}", obj_en],
        life_events=rng.sample(events, 1) if events and rng.random() < 0.3 else [],
        popularity=int(3000 / (1 + k % 997) ** 0.9 * rng.uniform(0.5, 1.5)),
    )  # fmt: skip


def _summary(rng: random.Random, obj: str, action: str, department: str) -> str:
    opener = rng.choice(["从事", "申请", "办理", "需要"])
    return (
        f"{opener}{obj}相关业务的单位或个人，按规定向{department}申请{action}。"
        f"材料齐全、符合法定形式的，当场受理，承诺时限内办结，结果可邮寄或到窗口领取。"
    )


def _scenarios(rng: random.Random, materials: list[Material]) -> list[Scenario]:
    picked = rng.sample(SCENARIOS, rng.randrange(1, 3))
    return [
        Scenario(
            id=sid,
            name=name,
            name_en=name_en,
            conditions=["符合法定条件"],
            materials=rng.sample(materials, rng.randrange(2, 5)),
        )
        for sid, name, name_en in picked
    ]


def _keywords(rng: random.Random, obj: str, colloquial: str, action: str, plain: str) -> list[str]:
    options = [colloquial, f"{colloquial}{plain}", f"{obj}{action}", f"办{obj}", f"{colloquial}怎么办",
               f"{obj}证", f"{plain}{obj}"]  # fmt: skip
    return rng.sample(options, rng.randrange(3, len(options)))
