"""Composition root: the one place where channels get their core services, wired to settings."""

from __future__ import annotations

from functools import lru_cache

import httpx

from core.applications.commitments import Commitments
from core.applications.data_use import DataUseLog, LicenceFetcher
from core.applications.department_records import fetch_department_facts
from core.applications.drafts import Drafts
from core.applications.materials import fetch_licences
from core.applications.ratings import Ratings
from core.applications.submission import Submissions
from core.applications.upload_storage import FileUploadStore
from core.applications.uploads import UploadService
from core.audit import AuditLog
from core.bank.services import BankChannel
from core.bank.services import bank_channel as _bank_channel
from core.db import get_engine
from core.guide.editorial import Editorial
from core.guide.editorial.content_blocks import ContentBlocks
from core.guide.editorial.subjects import BlockSubject, BundleSubject
from core.guide.editorial.workflow import ReviewWorkflow
from core.guide.repository import SqlCatalogueRepository
from core.guide.search import load_glossary
from core.guide.services import GuideService
from core.identity.citizens import Citizens
from core.identity.codes import CodeVerifier
from core.identity.kiosk_enrolment import KioskEnrolment
from core.identity.kiosk_login import KioskSignIn
from core.identity.login import CitizenLogin
from core.identity.mobile_tokens import MobileTokens
from core.identity.nonces import NonceStore, make_nonce_store
from core.identity.oidc import OidcClient
from core.identity.oidc_login import OidcLogin
from core.identity.sessions import SessionStore
from core.identity.staff import StaffAccounts
from core.identity.terminal_events import TerminalEvents
from core.identity.terminals import TerminalRegistry
from core.integrations.department_facts import HttpDepartmentFacts
from core.integrations.elicence import HttpElicenceLibrary
from core.integrations.population import HttpPopulationRegister
from core.integrations.sms import HttpSmsGateway
from core.printing.printer import Printer, PrintJob
from core.printing.receipts import print_receipt
from core.ratelimit import Limiter, make_rate_limiter
from core.redis_client import configured_redis, redis_prefix
from core.settings import get_settings

DEPARTMENT_TIMEOUT = httpx.Timeout(3.0, connect=1.0)


@lru_cache(maxsize=1)
def guide_service() -> GuideService:
    settings = get_settings()
    return GuideService(
        SqlCatalogueRepository(get_engine(settings.database_url)),
        load_glossary(settings.glossary_dir),
        content_blocks(),
    )


@lru_cache(maxsize=1)
def content_blocks() -> ContentBlocks:
    engine = get_engine(get_settings().database_url)
    return ContentBlocks(engine)


@lru_cache(maxsize=1)
def editorial() -> Editorial:
    """Guide drafts, review and publishing; publishing adds a catalogue revision, so every
    channel's GuideService reloads on its next read."""
    engine = get_engine(get_settings().database_url)
    return Editorial(engine, SqlCatalogueRepository(engine), audit_log(), content_blocks().blocks)


@lru_cache(maxsize=1)
def bundle_workflow() -> ReviewWorkflow:
    """Bundles (一件事) reviewed like guides: citizens see a bundle once it is published."""
    engine = get_engine(get_settings().database_url)
    return ReviewWorkflow(engine, BundleSubject(SqlCatalogueRepository(engine)), audit_log())


@lru_cache(maxsize=1)
def block_workflow() -> ReviewWorkflow:
    """Content blocks reviewed like guides: every guide shows a block's published text."""
    engine = get_engine(get_settings().database_url)
    return ReviewWorkflow(engine, BlockSubject(engine, SqlCatalogueRepository(engine)), audit_log())


@lru_cache(maxsize=1)
def audit_log() -> AuditLog:
    return AuditLog(get_engine(get_settings().database_url))


@lru_cache(maxsize=1)
def session_store() -> SessionStore:
    return SessionStore(get_engine(get_settings().database_url))


@lru_cache(maxsize=1)
def _department_client() -> httpx.Client:
    return httpx.Client(timeout=DEPARTMENT_TIMEOUT)


@lru_cache(maxsize=1)
def rate_limiter() -> Limiter:
    """Shared by every worker at scale (Redis), this one process's memory otherwise."""
    return make_rate_limiter(configured_redis(), prefix=redis_prefix("rate"))


@lru_cache(maxsize=1)
def nonce_store() -> NonceStore:
    """One-time nonces of codes and terminal requests: Redis at scale, the database otherwise."""
    return make_nonce_store(
        get_engine(get_settings().database_url), configured_redis(), redis_prefix("nonce")
    )


@lru_cache(maxsize=1)
def citizen_login() -> CitizenLogin:
    settings = get_settings()
    sms = HttpSmsGateway(_department_client(), settings.sms_url)
    return CitizenLogin(
        get_engine(settings.database_url), sms, audit_log(), limiter=rate_limiter(), limits=settings.limits
    )


@lru_cache(maxsize=1)
def citizens() -> Citizens:
    settings = get_settings()
    register = HttpPopulationRegister(_department_client(), settings.population_url)
    return Citizens(get_engine(settings.database_url), register, audit_log())


@lru_cache(maxsize=1)
def staff_accounts() -> StaffAccounts:
    settings = get_settings()
    return StaffAccounts(
        get_engine(settings.database_url), audit_log(), limiter=rate_limiter(), limits=settings.limits
    )


@lru_cache(maxsize=1)
def oidc_login() -> OidcLogin:
    """Login through the province's unified identity service (the sandbox issuer in dev)."""
    settings = get_settings()
    client = OidcClient(
        _department_client(),
        settings.oidc_issuer,
        settings.oidc_client_id,
        settings.oidc_client_secret,
        settings.oidc_redirect,
        settings.oidc_mobile_redirect,
    )
    return OidcLogin(get_engine(settings.database_url), client, audit_log())


@lru_cache(maxsize=1)
def mobile_tokens() -> MobileTokens:
    return MobileTokens(get_engine(get_settings().database_url), session_store())


@lru_cache(maxsize=1)
def licence_fetcher() -> LicenceFetcher:
    settings = get_settings()
    library = HttpElicenceLibrary(_department_client(), settings.elicence_url)
    return LicenceFetcher(library, data_use_log())


@lru_cache(maxsize=1)
def department_records() -> HttpDepartmentFacts:
    """Housing fund, property register and social insurance records: facts for 秒批 rules."""
    return HttpDepartmentFacts(_department_client(), get_settings().facts_url)


@lru_cache(maxsize=1)
def data_use_log() -> DataUseLog:
    return DataUseLog(get_engine(get_settings().database_url))


def drafts() -> Drafts:
    """Built per call over the current published catalogue (cheap; nothing cached)."""
    return Drafts(get_engine(get_settings().database_url), guide_service().catalogue)


@lru_cache(maxsize=1)
def upload_service() -> UploadService:
    settings = get_settings()
    return UploadService(get_engine(settings.database_url), FileUploadStore(settings.upload_dir), audit_log())


def ratings() -> Ratings:
    return Ratings(get_engine(get_settings().database_url))


def commitments() -> Commitments:
    """告知承诺 for every channel: offers, signatures, what is owed and its supply."""
    return Commitments(get_engine(get_settings().database_url), guide_service().catalogue)


def print_owner_receipt(owner_id: str, application_id: str, channel: str) -> PrintJob:
    """The owner's receipt on this site's printer (kiosk, bank branch); another citizen's
    application raises DraftNotFound, a printer that fails raises PrintFailed."""
    settings = get_settings()
    return print_receipt(
        Printer.from_settings(settings),
        get_engine(settings.database_url),
        guide_service().catalogue,
        owner_id,
        application_id,
        audit=audit_log(),
        channel=channel,
    )


def submissions() -> Submissions:
    return Submissions(get_engine(get_settings().database_url), guide_service().catalogue)


def bank() -> BankChannel:
    """The 政银通办 rules over the current published catalogue (cheap to build: nothing cached)."""
    return _bank_channel(
        get_engine(get_settings().database_url),
        guide_service().catalogue,
        audit_log(),
        session_store(),
        staff_accounts(),
        citizens().prefill,
    )


@lru_cache(maxsize=1)
def code_verifier() -> CodeVerifier:
    """Checks scanned e-ID, handoff and receipt codes; each single-use nonce is used up once."""
    return CodeVerifier(nonce_store(), audit=audit_log())


@lru_cache(maxsize=1)
def kiosk_sign_in() -> KioskSignIn:
    engine = get_engine(get_settings().database_url)
    return KioskSignIn(engine, session_store(), code_verifier(), audit_log())


def kiosk_enrolment() -> KioskEnrolment:
    """Opens an account for an ID card holder at a kiosk (cheap to build: nothing cached)."""
    settings = get_settings()
    register = HttpPopulationRegister(_department_client(), settings.population_url)
    return KioskEnrolment(get_engine(settings.database_url), register, kiosk_sign_in(), audit_log())


@lru_cache(maxsize=1)
def terminal_registry() -> TerminalRegistry:
    return TerminalRegistry(get_engine(get_settings().database_url), nonce_store(), audit=audit_log())


def terminal_events() -> TerminalEvents:
    return TerminalEvents(get_engine(get_settings().database_url))


def fetch_draft_licences(owner_id: str, draft_id: str, channel: str) -> None:
    """Fetch a draft's e-licences, and the department records its 秒批 rules read (housing fund,
    social insurance…), for its owner, who consented, by their verified ID number (looked up
    here, never sent by a browser); nothing without a verified number. Slow I/O."""
    id_number = citizens().prefill(owner_id).get("citizen.id_number", "")
    if not id_number:
        return
    catalogue = guide_service().catalogue
    fetch_licences(drafts(), licence_fetcher(), catalogue, owner_id, id_number, draft_id, channel)
    fetch_department_facts(
        drafts(), department_records(), data_use_log(), catalogue, owner_id, id_number, draft_id, channel
    )


ALL_SERVICES = (
    code_verifier,
    kiosk_sign_in,
    rate_limiter,
    nonce_store,
    terminal_registry,
    department_records,
    upload_service,
    mobile_tokens,
    licence_fetcher,
    data_use_log,
    guide_service,
    content_blocks,
    editorial,
    bundle_workflow,
    block_workflow,
    audit_log,
    session_store,
    citizen_login,
    citizens,
    staff_accounts,
    oidc_login,
)


def reset_services() -> None:
    """Forget every wired service (tests that change settings)."""
    for factory in (*ALL_SERVICES, _department_client):
        factory.cache_clear()
