"""The bank channel wired together over one engine: what channels and the partner API use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from core.audit import AuditLog
from core.bank.applications import BankApplications
from core.bank.consent import Consents
from core.bank.customers import CustomerDesk
from core.bank.desk import DeskSessions
from core.guide.catalogue import Catalogue
from core.identity.codes import CodeVerifier
from core.identity.nonces import SqlNonceStore
from core.identity.sessions import SessionStore
from core.identity.staff import StaffAccounts


@dataclass(frozen=True)
class BankChannel:
    desks: DeskSessions
    customers: CustomerDesk
    consents: Consents
    applications: BankApplications
    catalogue: Catalogue


def bank_channel(
    engine: Engine,
    catalogue: Catalogue,
    audit: AuditLog,
    sessions: SessionStore,
    staff: StaffAccounts,
    prefill: Callable[[str], dict[str, str]],
) -> BankChannel:
    desks = DeskSessions(engine, sessions, staff, audit)
    consents = Consents(engine, catalogue, audit)
    verifier = CodeVerifier(SqlNonceStore(engine), audit=audit)
    return BankChannel(
        desks,
        CustomerDesk(engine, desks, verifier, audit),
        consents,
        BankApplications(engine, catalogue, consents, audit, prefill),
        catalogue,
    )
