"""Search and guides: the same engine and ranking as the web; guides for a small screen."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response

from core.services import guide_service
from mobile_api.caching import cached_json
from mobile_api.guide_views import bundle_guide, item_guide, search_hit
from mobile_api.limits import limit_client
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routes.catalogue import NOT_MODIFIED
from mobile_api.routing import CompactRouter
from mobile_api.schemas_guide import BundleGuideOut, ItemGuide, SearchResultsOut

router = CompactRouter(tags=["guides"])


@router.get(
    "/search",
    response_model=SearchResultsOut,
    responses={**NOT_MODIFIED, **problem_responses("too_many_requests")},
    dependencies=[Depends(limit_client)],
    summary="用自己的话搜索 Search in your own words",
)
async def search(
    request: Request,
    q: Annotated[
        str,
        Query(min_length=1, max_length=60, description="the resident's words", examples=["身份证丢了怎么办"]),
    ],
    limit: Annotated[int, Query(ge=1, le=20)] = 10,
) -> Response:
    def build(lang: str) -> SearchResultsOut:
        results = guide_service().search(q, limit=limit)
        return SearchResultsOut(
            query=results.query,
            hits=[search_hit(h, lang) for h in results.hits],
            suggestions=[search_hit(h, lang) for h in results.suggestions],
        )

    return await cached_json(request, ("search", q.strip(), limit), build)


@router.get(
    "/items/{code}",
    response_model=ItemGuide,
    responses={**NOT_MODIFIED, **problem_responses("item_not_found", "scenario_not_found")},
    summary="事项办事指南 An item's guide",
)
async def item(
    request: Request,
    code: Annotated[str, Path(pattern=r"^\d{12}$", description="事项编码")],
    scenario: Annotated[str, Query(max_length=64, description="办理情形 id; empty: the first")] = "",
) -> Response:
    def build(lang: str) -> ItemGuide:  # a cache hit skips even the lookup: only found guides are kept
        found = guide_service().item(code)
        if found is None:
            raise ApiProblem("item_not_found")
        chosen = next((s for s in found.scenarios if s.id == (scenario or found.scenarios[0].id)), None)
        if chosen is None:
            raise ApiProblem("scenario_not_found")
        return item_guide(guide_service().catalogue, found, chosen, lang)

    return await cached_json(request, ("item", code, scenario), build)


@router.get(
    "/bundles/{code}",
    response_model=BundleGuideOut,
    responses={**NOT_MODIFIED, **problem_responses("bundle_not_found")},
    summary="一件事一次办 A life-event bundle's guide",
)
async def bundle(request: Request, code: Annotated[str, Path(pattern=r"^YJS\d{3}$")]) -> Response:
    def build(lang: str) -> BundleGuideOut:
        guide = guide_service().bundle_guide(code)
        if guide is None:
            raise ApiProblem("bundle_not_found")
        return bundle_guide(guide_service().catalogue, guide, lang)

    return await cached_json(request, ("bundle", code), build)
