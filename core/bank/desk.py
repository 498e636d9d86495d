"""The two sessions at a bank terminal: the teller's (policy bank_teller) and the customer's
(policy bank_customer). Both are bound to the terminal they were opened on, so a token taken
to another terminal or branch is worth nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from core.audit import AuditLog
from core.bank.audit import CHANNEL, Desk, record_act
from core.bank.errors import BankRuleError
from core.bank.records import BankDeskSessionRecord
from core.identity.permissions import Permission, PermissionDenied, authorize
from core.identity.sessions import ActiveSession, SessionStore, token_digest
from core.identity.staff import StaffAccounts, StaffAuthError
from core.identity.terminals import Terminal

REFUSED_LOGIN = {"locked": "teller_locked", "rate_limited": "teller_rate_limited"}


@dataclass(frozen=True)
class TellerLogin:
    token: str
    session: ActiveSession
    desk: Desk


class DeskSessions:
    def __init__(self, engine: Engine, sessions: SessionStore, staff: StaffAccounts, audit: AuditLog) -> None:
        self._engine, self._sessions, self._staff, self._audit = engine, sessions, staff, audit

    def log_in_teller(self, terminal: Terminal, username: str, password: str, code: str) -> TellerLogin:
        """Password + TOTP of a staff account allowed to assist customers, at a bank terminal.
        Failures also count per terminal, across accounts (the terminal is the device)."""
        try:
            principal = self._staff.authenticate(
                username, password, code, channel=CHANNEL, client=f"terminal:{terminal.id}"
            )
        except StaffAuthError as refused:
            raise BankRuleError(REFUSED_LOGIN.get(refused.code, "teller_login_failed")) from None
        try:
            authorize(principal, Permission.ASSIST_CUSTOMER, self._audit, CHANNEL)
        except PermissionDenied:
            raise BankRuleError("not_a_teller") from None
        token, active = self._sessions.start("staff", principal.username, "bank_teller")
        self._bind(token, terminal, "teller")
        desk = Desk(principal.username, principal.display_name, terminal)
        record_act(self._audit, desk, "teller.login", "ok", purpose="work")
        return TellerLogin(token, active, desk)

    def desk(self, terminal: Terminal, teller_token: str) -> Desk:
        """The teller working at this terminal, from their token; `teller_required` otherwise."""
        active = self._live(terminal, teller_token, "teller")
        principal = self._staff.principal(active.subject_id) if active else None
        if principal is None or not principal.can(Permission.ASSIST_CUSTOMER):
            raise BankRuleError("teller_required", "log the teller in at this terminal first")
        return Desk(principal.username, principal.display_name, terminal)

    def log_out_teller(self, desk: Desk, teller_token: str) -> None:
        self._sessions.end(teller_token)
        record_act(self._audit, desk, "teller.logout", "ok", purpose="work")

    def open_customer(self, desk: Desk, citizen_id: str) -> tuple[str, ActiveSession]:
        token, active = self._sessions.start("citizen", citizen_id, "bank_customer")
        self._bind(token, desk.terminal, "customer")
        return token, active

    def customer(self, desk: Desk, customer_token: str) -> str:
        """The citizen id of the customer served at this terminal; `customer_required` otherwise."""
        active = self._live(desk.terminal, customer_token, "customer")
        if active is None or active.subject_kind != "citizen":
            raise BankRuleError("customer_required", "identify the customer at this terminal first")
        return active.subject_id

    def close_customer(self, customer_token: str) -> None:
        self._sessions.end(customer_token)

    def _bind(self, token: str, terminal: Terminal, kind: str) -> None:
        with Session(self._engine) as session:
            session.add(
                BankDeskSessionRecord(session_id=token_digest(token), terminal_id=terminal.id, kind=kind)
            )
            session.commit()

    def _live(self, terminal: Terminal, token: str, kind: str) -> ActiveSession | None:
        if not token:
            return None
        with Session(self._engine) as session:
            bound = session.get(BankDeskSessionRecord, token_digest(token))
        if bound is None or bound.terminal_id != terminal.id or bound.kind != kind:
            return None
        return self._sessions.resolve(token)
