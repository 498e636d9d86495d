"""Texts to the applicant when their application moves (SMS through the gateway). The text
names the receipt number and the new status, never the answers."""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlmodel import Session

from core.applications.records import ApplicationRecord
from core.identity.login import PHONE
from core.identity.records import CitizenRecord
from core.integrations.errors import DepartmentError
from core.integrations.sms import SmsGateway

logger = logging.getLogger(__name__)
CONTACT_PHONE_FIELD = "applicant_phone"  # data/forms/common.yaml, prefilled from citizen.phone
STATUS_TEXT = {
    "accepted": "部门已受理",
    "in_review": "正在审核",
    "done": "已办结",
    "rejected": "已退回，部门会联系您",
}
TEXT = "【平顶山一网通办】您的申请（受理编号 {receipt}）{status}。详情请登录平顶山一网通办查看。"


class StatusNotifier:
    def __init__(self, engine: Engine, sms: SmsGateway) -> None:
        self._engine = engine
        self._sms = sms

    def __call__(self, application_id: str, status: str) -> bool:
        """Text the applicant; False when there is nothing to say or nobody to tell."""
        words = STATUS_TEXT.get(status)
        with Session(self._engine) as session:
            application = session.get(ApplicationRecord, application_id)
            citizen = session.get(CitizenRecord, application.owner_id) if application else None
        phone = phone_for_texts(citizen, application) if citizen is not None else ""
        if words is None or not phone:
            return False
        try:
            self._sms.send(phone, TEXT.format(receipt=application.receipt_no, status=words))
        except DepartmentError as down:  # the status is stored; a missed text is not worth a retry storm
            logger.warning("status text not sent: %s", type(down).__name__)
            return False
        return True


def phone_for_texts(citizen: CitizenRecord, application: ApplicationRecord) -> str:
    """The account's phone; for an account opened at a kiosk without one, the contact phone
    the applicant gave on the form, if any."""
    if PHONE.match(citizen.phone):
        return citizen.phone
    contact = str(application.answers.get(CONTACT_PHONE_FIELD, ""))
    return contact if PHONE.match(contact) else ""
