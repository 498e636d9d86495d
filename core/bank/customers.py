"""Identifying the customer at the desk: the ID card on the reader or the e-ID code on their
phone. Either must lead to a real-name account, because consent is given from that account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.audit import AuditLog
from core.bank.audit import Desk, record_act
from core.bank.desk import DeskSessions
from core.bank.errors import BankRuleError
from core.clock import BEIJING, Clock, system_clock
from core.identity.codes import CodeError, CodeVerifier
from core.identity.id_card import IdCard, IdCardError
from core.identity.id_numbers import mask_id_number
from core.identity.records import CitizenRecord


@dataclass(frozen=True)
class Customer:
    """What the terminal may show: masked, never the full name or number."""

    token: str  # the bank_customer session; ends when the customer leaves
    masked_name: str
    masked_id_number: str
    expires_at: datetime


def mask_name(name: str) -> str:
    """王小明 -> 王*明, 李四 -> 李*: the same form IdCard.masked_name shows for a card."""
    if len(name) <= 2:
        return name[:1] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class CustomerDesk:
    def __init__(
        self,
        engine: Engine,
        desks: DeskSessions,
        verifier: CodeVerifier,
        audit: AuditLog,
        clock: Clock = system_clock,
    ) -> None:
        self._engine, self._desks, self._verifier, self._audit = engine, desks, verifier, audit
        self._clock = clock

    def by_eid_code(self, desk: Desk, payload: str) -> Customer:
        try:
            code = self._verifier.verify(payload[:400], "bank", terminal=desk.terminal.id)
        except CodeError as refused:
            record_act(
                self._audit,
                desk,
                "customer.identify",
                "refused",
                purpose="identify",
                via="eid",
                reason=refused.code,
            )
            raise BankRuleError("bad_code", refused.code) from None
        if code.kind != "eid":
            record_act(
                self._audit,
                desk,
                "customer.identify",
                "refused",
                purpose="identify",
                via="eid",
                reason="not_eid",
            )
            raise BankRuleError("bad_code", "not an e-ID code")
        return self._open(desk, self._account(desk, citizen_id=code.subject, via="eid"), "eid")

    def by_id_card(self, desk: Desk, record: Mapping) -> Customer:
        """`record`: the reader's IdCard.to_record(); a valid, unexpired card of a real-name account."""
        try:
            card = IdCard.from_record(dict(record))
        except IdCardError as invalid:
            self._refused(desk, "id_card", invalid.code)
            raise BankRuleError("bad_card", invalid.code) from None
        if not card.is_valid_on(self._clock().astimezone(BEIJING).date()):
            self._refused(desk, "id_card", "card_expired")
            raise BankRuleError("bad_card", "card_expired")
        account = self._account(desk, id_number=card.id_number, via="id_card")
        if account.name != card.name:
            self._refused(desk, "id_card", "name", account.id)
            raise BankRuleError("bad_card", "name")
        return self._open(desk, account, "id_card")

    def leaves(self, desk: Desk, customer_token: str, end_consents) -> None:
        """The customer is gone: their session and open consents end; the teller stays."""
        citizen_id = self._desks.customer(desk, customer_token)
        self._desks.close_customer(customer_token)
        ended = end_consents(desk, citizen_id)
        record_act(
            self._audit,
            desk,
            "customer.leave",
            "ok",
            purpose="end_visit",
            citizen_id=citizen_id,
            consents_ended=ended,
        )

    def _account(self, desk: Desk, *, via: str, citizen_id: str = "", id_number: str = "") -> CitizenRecord:
        with Session(self._engine) as session:
            if citizen_id:
                record = session.get(CitizenRecord, citizen_id)
            else:
                record = session.exec(
                    select(CitizenRecord).where(CitizenRecord.id_number == id_number)
                ).first()
        if record is None or record.real_name_verified_at is None or not record.id_number:
            self._refused(desk, via, "no_account", citizen_id)
            raise BankRuleError("no_account", "the customer needs a real-name account on their phone")
        return record

    def _refused(self, desk: Desk, via: str, reason: str, citizen_id: str = "") -> None:
        record_act(
            self._audit,
            desk,
            "customer.identify",
            "refused",
            purpose="identify",
            citizen_id=citizen_id,
            via=via,
            reason=reason,
        )

    def _open(self, desk: Desk, record: CitizenRecord, via: str) -> Customer:
        token, active = self._desks.open_customer(desk, record.id)
        record_act(
            self._audit, desk, "customer.identify", "ok", purpose="identify", citizen_id=record.id, via=via
        )
        return Customer(
            token, mask_name(record.name), mask_id_number(record.id_number or ""), active.expires_at
        )
