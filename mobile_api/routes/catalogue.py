"""Catalogue browsing: the home screen, departments and their services, life events."""

from __future__ import annotations

from fastapi import Path, Request, Response

from core.services import guide_service
from mobile_api.caching import cached_json
from mobile_api.guide_views import bundle_card, department_summary, item_card, life_event_summary
from mobile_api.pagination import CursorParam, LimitParam, page_after
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routing import CompactRouter
from mobile_api.schemas_guide import CatalogueHome, DepartmentPage, LifeEventPage

router = CompactRouter(tags=["catalogue"])
NOT_MODIFIED = {304: {"description": "Not Modified: the ETag in If-None-Match is current"}}
Code = Path(max_length=40, pattern=r"^[a-z][a-z0-9_]*$")


@router.get(
    "/catalogue", response_model=CatalogueHome, responses=NOT_MODIFIED, summary="首页目录 Home catalogue"
)
async def catalogue_home(request: Request) -> Response:
    def build(lang: str) -> CatalogueHome:
        c = guide_service().catalogue
        return CatalogueHome(
            life_events=[life_event_summary(e, lang) for e in c.life_events],
            most_used=[item_card(i, lang) for i in c.most_used(8)],
            bundles=[bundle_card(b, lang) for b in sorted(c.bundles, key=lambda b: -b.popularity)],
            departments=[department_summary(d, lang) for d in c.departments],
        )

    return await cached_json(request, ("home",), build)


@router.get(
    "/departments/{code}",
    response_model=DepartmentPage,
    responses={**NOT_MODIFIED, **problem_responses("department_not_found")},
    summary="部门及其事项 A department and its services",
)
async def department_page(
    request: Request, code: str = Code, cursor: CursorParam = "", limit: LimitParam = 20
) -> Response:
    def build(lang: str) -> DepartmentPage:
        department = guide_service().department(code)
        if department is None:
            raise ApiProblem("department_not_found")
        items, page = page_after(
            guide_service().catalogue.items_of_department(code), lambda i: i.code, cursor, limit
        )
        return DepartmentPage(
            department=department_summary(department, lang),
            address=department.address,
            hours=department.hours,
            phone=department.phone,
            items=[item_card(i, lang) for i in items],
            page=page,
        )

    return await cached_json(request, ("department", code, cursor, limit), build)


@router.get(
    "/life-events/{event_id}",
    response_model=LifeEventPage,
    responses={**NOT_MODIFIED, **problem_responses("life_event_not_found")},
    summary="人生主题 A life event's bundles and services",
)
async def life_event_page(request: Request, event_id: str = Code) -> Response:
    def build(lang: str) -> LifeEventPage:
        catalogue = guide_service().catalogue
        event = next((e for e in catalogue.life_events if e.id == event_id), None)
        if event is None:
            raise ApiProblem("life_event_not_found")
        return LifeEventPage(
            life_event=life_event_summary(event, lang),
            bundles=[bundle_card(b, lang) for b in catalogue.bundles if b.life_event == event_id],
            items=[item_card(i, lang) for i in catalogue.items if event_id in i.life_events],
        )

    return await cached_json(request, ("life_event", event_id), build)
