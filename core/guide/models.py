"""Catalogue vocabulary on the national item elements: items, scenarios, materials, bundles.

These are immutable pydantic models: the seed YAML, the database rows and every channel
speak them. Storage lives in `repository.py`; search in `search.py`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemType(StrEnum):
    """Item types of the national catalogue, valued by their two-digit type code."""

    LICENSING = "01"  # 行政许可
    PENALTY = "02"  # 行政处罚
    ENFORCEMENT = "03"  # 行政强制
    LEVY = "04"  # 行政征收
    PAYMENT = "05"  # 行政给付
    INSPECTION = "06"  # 行政检查
    CONFIRMATION = "07"  # 行政确认
    REWARD = "08"  # 行政奖励
    RULING = "09"  # 行政裁决
    OTHER_POWER = "10"  # 其他行政权力
    PUBLIC_SERVICE = "20"  # 公共服务


ITEM_TYPE_LABELS: dict[ItemType, tuple[str, str]] = {
    ItemType.LICENSING: ("行政许可", "Administrative licence"),
    ItemType.PENALTY: ("行政处罚", "Administrative penalty"),
    ItemType.ENFORCEMENT: ("行政强制", "Administrative enforcement"),
    ItemType.LEVY: ("行政征收", "Administrative levy"),
    ItemType.PAYMENT: ("行政给付", "Administrative benefit"),
    ItemType.INSPECTION: ("行政检查", "Administrative inspection"),
    ItemType.CONFIRMATION: ("行政确认", "Administrative confirmation"),
    ItemType.REWARD: ("行政奖励", "Administrative reward"),
    ItemType.RULING: ("行政裁决", "Administrative ruling"),
    ItemType.OTHER_POWER: ("其他行政权力", "Other administrative power"),
    ItemType.PUBLIC_SERVICE: ("公共服务", "Public service"),
}


class Obtain(StrEnum):
    """How a material reaches the application (trust levels of the 2016 national guide)."""

    ELICENCE = "A"  # fetched from the e-licence library (免证办)
    VERIFIED = "B"  # checked by staff once, reusable
    UPLOAD = "C"  # uploaded by the citizen, original checked
    COMMITMENT = "D"  # replaced by the citizen's signed commitment


class Channel(StrEnum):
    PC = "pc"
    MOBILE = "mobile"
    KIOSK = "kiosk"
    BANK = "bank"
    WINDOW = "window"


class Flag(StrEnum):
    FULLY_ONLINE = "fully_online"  # 全程网办
    NO_CERTIFICATE = "no_certificate"  # 免证办
    INSTANT = "instant"  # 秒批
    COMMITMENT = "commitment"  # 告知承诺
    CROSS_PROVINCE = "cross_province"  # 跨省通办


class Department(_Frozen):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="stable slug, e.g. 'public_security'")
    name: str = Field(description="official Chinese name, e.g. 平顶山市公安局")
    name_en: str
    short_name: str = Field(description="what residents call it, e.g. 公安局")
    aliases: list[str] = Field(default_factory=list, description="other words residents use")
    address: str
    hours: str
    phone: str


class LifeEvent(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str
    icon: str = Field(description="lucide icon name")


class Material(_Frozen):
    id: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="catalogue-wide id: the same document has the same id in every item, "
        "so bundles de-duplicate by it (e.g. 'resident_id_card', 'household_register')",
    )
    name: str
    name_en: str = ""
    obtain: Obtain
    licence_type: str | None = Field(
        default=None, description="e-licence type name when one exists, e.g. 居民身份证"
    )
    form: str = Field(default="原件", description="原件 / 复印件 / 原件及复印件 / 电子")
    copies: int = 1
    required: bool = True
    note: str = ""


class Scenario(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str = ""
    conditions: list[str] = Field(default_factory=list)
    materials: list[Material]


class Faq(_Frozen):
    question: str
    answer: str
    question_en: str = ""
    answer_en: str = ""


class Item(_Frozen):
    code: str = Field(pattern=r"^\d{12}$", description="事项编码: type(2)+dept no.(3)+item(4)+sub(3)")
    name: str = Field(description="official name, e.g. 居民身份证补领")
    plain_name: str = Field(description="how a resident says it, e.g. 身份证丢了怎么补办")
    plain_name_en: str = ""
    summary: str = Field(description="plain-language: what it is and who it is for")
    summary_en: str = ""
    type: ItemType
    department: str = Field(description="Department.code")
    who_can_apply: str
    scenarios: list[Scenario] = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    steps_en: list[str] = Field(default_factory=list)
    time_limit_legal: int = Field(ge=0, description="legal time limit, working days (0 = on the spot)")
    time_limit_promised: int = Field(ge=0, description="promised time limit, working days")
    fee: str = Field(description="不收费, or the amount and its basis")
    fee_en: str = ""
    visits: int = Field(ge=0, description="trips to a hall needed (0 = none)")
    channels: list[Channel] = Field(min_length=1)
    flags: list[Flag] = Field(default_factory=list)
    place: str
    hours: str
    phone: str
    legal_basis: list[str] = Field(min_length=1)
    faqs: list[Faq] = Field(default_factory=list)
    keywords: list[str] = Field(
        default_factory=list, description="colloquial phrasings residents use: 准生证, 身份证丢了"
    )
    keywords_en: list[str] = Field(default_factory=list)
    life_events: list[str] = Field(default_factory=list, description="LifeEvent.id groups")
    popularity: int = Field(ge=0, description="applications per month, ranks 'most used'")

    def has_flag(self, flag: Flag) -> bool:
        return flag in self.flags

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)


class Bundle(_Frozen):
    code: str = Field(pattern=r"^YJS\d{3}$", description="一件事 code, e.g. YJS001")
    name: str = Field(description="official name, e.g. 新生儿出生“一件事”")
    plain_name: str
    plain_name_en: str = ""
    summary: str
    summary_en: str = ""
    life_event: str = Field(description="life-event group shown on the home page")
    items: list[str] = Field(min_length=2, description="Item.code of each member item")
    lead_department: str
    visits: int = Field(ge=0, description="trips for the whole bundle")
    time_limit_promised: int = Field(ge=0)
    keywords: list[str] = Field(default_factory=list)
    keywords_en: list[str] = Field(default_factory=list)
    popularity: int = Field(ge=0)
