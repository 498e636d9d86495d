"""Catalogue and guide payloads for a small screen: plain language first, the official name
second, one scenario's materials at a time. Text is in the caller's language where the
catalogue has it (otherwise Chinese, and `lang` says so)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mobile_api.pagination import PageInfo


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DepartmentSummary(_Schema):
    """A department as a list entry."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"code": "public_security", "name": "平顶山市公安局", "short_name": "公安局"}]
        }
    )
    code: str = Field(description="stable slug")
    name: str
    short_name: str = Field(description="what residents call it")


class LifeEventSummary(_Schema):
    """A life-event group shown as a tile (出生、上学、就业…)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": "birth", "name": "生孩子", "icon": "baby"}]}
    )
    id: str
    name: str
    icon: str = Field(description="lucide icon name")


class ItemCard(_Schema):
    """A service in a list: the resident's words first, the official name below."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "000101001000",
                    "title": "身份证丢了怎么补办",
                    "official_name": "居民身份证补领",
                    "department": "public_security",
                    "flags": ["no_certificate"],
                }
            ]
        }
    )
    code: str = Field(description="事项编码 (12 digits)")
    title: str = Field(description="plain-language name")
    official_name: str
    department: str = Field(description="department code")
    flags: list[str] = Field(description="fully_online, no_certificate, instant, commitment, cross_province")


class BundleCard(_Schema):
    """A life-event bundle (一件事一次办) in a list."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "YJS001",
                    "title": "生了孩子要办的事一次办",
                    "summary": "出生医学证明、户口、医保一次办好",
                    "item_count": 4,
                }
            ]
        }
    )
    code: str
    title: str
    summary: str
    item_count: int


class CatalogueHome(_Schema):
    """Everything the home screen shows, in one request."""

    life_events: list[LifeEventSummary]
    most_used: list[ItemCard]
    bundles: list[BundleCard]
    departments: list[DepartmentSummary]


class DepartmentPage(_Schema):
    """A department, how to reach it, and a page of its services."""

    department: DepartmentSummary
    address: str
    hours: str
    phone: str
    items: list[ItemCard]
    page: PageInfo


class LifeEventPage(_Schema):
    """The services and bundles of one life event."""

    life_event: LifeEventSummary
    bundles: list[BundleCard]
    items: list[ItemCard]


class MatchReasonOut(_Schema):
    """Why a search hit matched (for highlighting): e.g. kind=synonym, term=生育登记, via=准生证."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "synonym", "term": "生育登记", "via": "准生证"}]}
    )
    kind: str
    term: str
    via: str = ""


class SearchHitOut(_Schema):
    """One search result, ranked exactly as on the web."""

    kind: Literal["item", "bundle"]
    code: str
    title: str
    official_name: str
    department: str
    reasons: list[MatchReasonOut]


class SearchResultsOut(_Schema):
    """Hits in rank order; when nothing matched, `suggestions` (close names, then most used)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "办准生证", "hits": [], "suggestions": []}]}
    )
    query: str
    hits: list[SearchHitOut]
    suggestions: list[SearchHitOut]


class MaterialOut(_Schema):
    """A material and how it is provided: A fetched e-licence (免证办), B checked once,
    C upload, D signed commitment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "household_register",
                    "name": "居民户口簿",
                    "obtain": "A",
                    "form": "电子",
                    "copies": 1,
                    "required": True,
                }
            ]
        }
    )
    id: str
    name: str
    obtain: Literal["A", "B", "C", "D"]
    form: str = Field(description="原件 / 复印件 / 电子 …")
    copies: int
    required: bool
    note: str | None = None
    needed_by: list[str] | None = Field(default=None, description="bundles: item codes needing it")


class ScenarioOut(_Schema):
    """A case of an item (办理情形) that changes its materials and conditions."""

    id: str
    name: str


class FaqOut(_Schema):
    """A frequent question."""

    question: str
    answer: str


class ItemGuide(_Schema):
    """An item's guide for one scenario (the first unless `scenario` is asked)."""

    code: str
    title: str
    official_name: str
    summary: str
    lang: Literal["zh-CN", "en"] = Field(description="language of title and summary")
    who_can_apply: str
    department: DepartmentSummary
    scenario: ScenarioOut
    scenarios: list[ScenarioOut]
    conditions: list[str]
    materials: list[MaterialOut]
    steps: list[str]
    time_limit_legal: int = Field(description="working days; 0 = on the spot")
    time_limit_promised: int = Field(description="working days; 0 = on the spot")
    fee: str
    visits: int = Field(description="trips to a hall (0 = none)")
    channels: list[str]
    flags: list[str]
    place: str
    hours: str
    phone: str
    legal_basis: list[str]
    faqs: list[FaqOut]
    entry_url: str = Field(description="the scan-to-apply URL (/s/<code>) printed on posters")


class BundleSavingsOut(_Schema):
    """What doing the bundle at once saves compared with item by item."""

    items: int
    separate_visits: int
    bundle_visits: int
    separate_forms: int
    separate_materials: int
    merged_materials: int


class BundleGuideOut(_Schema):
    """A life-event bundle: its items, one merged list of materials, and what it saves."""

    code: str
    title: str
    official_name: str
    summary: str
    lang: Literal["zh-CN", "en"]
    lead_department: DepartmentSummary
    items: list[ItemCard]
    materials: list[MaterialOut]
    savings: BundleSavingsOut
    time_limit_promised: int
    entry_url: str
