"""The citizen's own account: profile (masked), real-name binding, who used my data, e-ID code."""

from __future__ import annotations

from core.identity.citizens import CitizenProfile, RealNameError
from core.identity.codes import issue_eid_code
from core.identity.id_numbers import ERROR_CODES as ID_NUMBER_ERRORS
from core.services import audit_log, citizens, data_use_log, guide_service
from mobile_api.auth import CurrentCitizen
from mobile_api.pagination import CursorParam, LimitParam, page_after
from mobile_api.problems import ApiProblem, problem_responses
from mobile_api.routing import CompactRouter
from mobile_api.schemas_account import DataUseOut, DataUsePage, EidCode, Profile, RealNameBinding

router = CompactRouter(prefix="/me", tags=["account"])


def _profile(profile: CitizenProfile | None) -> Profile:
    if profile is None:
        raise ApiProblem("unauthorized")
    return Profile(
        masked_phone=profile.masked_phone,
        name=profile.name,
        masked_id_number=profile.masked_id_number,
        is_real_name_verified=profile.is_real_name_verified,
    )


@router.get(
    "", response_model=Profile, responses=problem_responses("unauthorized"), summary="我的账号 My account"
)
def me(citizen: CurrentCitizen) -> Profile:
    return _profile(citizens().profile(citizen.id))


@router.post(
    "/real-name",
    response_model=Profile,
    responses=problem_responses(
        "unauthorized",
        "real_name_name",
        "real_name_id_number",
        "real_name_mismatch",
        "real_name_already_bound",
        "real_name_unavailable",
    ),
    summary="实名认证 Bind my real name",
)
def bind_real_name(citizen: CurrentCitizen, body: RealNameBinding) -> Profile:
    try:
        profile = citizens().bind_real_name(citizen.id, body.name, body.id_number, channel="mobile")
    except RealNameError as refused:
        code = "id_number" if refused.code in ID_NUMBER_ERRORS else refused.code
        raise ApiProblem(f"real_name_{code}") from refused
    return _profile(profile)


@router.get(
    "/data-uses",
    response_model=DataUsePage,
    responses=problem_responses("unauthorized"),
    summary="谁用了我的数据 Who used my data",
)
def data_uses(citizen: CurrentCitizen, cursor: CursorParam = "", limit: LimitParam = 20) -> DataUsePage:
    entries, page = page_after(data_use_log().for_citizen(citizen.id), lambda e: str(e.id), cursor, limit)
    catalogue = guide_service().catalogue
    return DataUsePage(
        entries=[
            DataUseOut(
                id=e.id,
                at=e.at,
                licence_type=e.licence_type,
                purpose=_purpose(catalogue, e.purpose),
                requester=e.requester,
                outcome=e.outcome,
            )
            for e in entries
        ],
        page=page,
    )


def _purpose(catalogue, purpose: str) -> str:
    code = purpose.removeprefix("item:")
    target = catalogue.find_item(code) or catalogue.find_bundle(code)
    return target.plain_name if target else purpose


@router.post(
    "/eid-code",
    response_model=EidCode,
    status_code=201,
    responses=problem_responses("unauthorized"),
    summary="电子身份码 An e-ID code for a kiosk or bank terminal",
)
def eid_code(citizen: CurrentCitizen) -> EidCode:
    code = issue_eid_code(citizen.id, audit=audit_log(), channel="mobile")
    return EidCode(payload=code.payload, expires_at=code.expires_at)
