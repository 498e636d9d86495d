"""好差评: after a decision the applicant rates the service once, five levels and a comment,
on whichever channel they are using."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.applications.drafts import DraftNotFound
from core.applications.records import ApplicationEvent, ApplicationRecord, RatingRecord

LEVELS = {
    5: ("非常满意", "Very satisfied"),
    4: ("满意", "Satisfied"),
    3: ("基本满意", "Fairly satisfied"),
    2: ("不满意", "Dissatisfied"),
    1: ("非常不满意", "Very dissatisfied"),
}
DECIDED = {"approved", "committed", "done", "rejected"}
MAX_COMMENT = 500


class RatingRefused(Exception):
    """`code`: not_decided, already_rated, level."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Ratings:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def can_rate(self, owner_id: str, application_id: str) -> bool:
        with Session(self._engine) as session:
            self._owned(session, owner_id, application_id)
            return (
                self._decided(session, application_id) and session.get(RatingRecord, application_id) is None
            )

    def rating(self, owner_id: str, application_id: str) -> RatingRecord | None:
        with Session(self._engine) as session:
            self._owned(session, owner_id, application_id)
            return session.get(RatingRecord, application_id)

    def rate(
        self, owner_id: str, application_id: str, level: int, comment: str = "", channel: str = "pc"
    ) -> RatingRecord:
        if level not in LEVELS:
            raise RatingRefused("level")
        with Session(self._engine) as session:
            self._owned(session, owner_id, application_id)
            if not self._decided(session, application_id):
                raise RatingRefused("not_decided")
            record = RatingRecord(
                application_id=application_id,
                owner_id=owner_id,
                level=level,
                comment=" ".join(comment.split())[:MAX_COMMENT],
                channel=channel,
            )
            session.add(record)
            try:
                session.commit()
            except IntegrityError as twice:
                raise RatingRefused("already_rated") from twice
            session.refresh(record)
            return record

    def _owned(self, session: Session, owner_id: str, application_id: str) -> None:
        application = session.get(ApplicationRecord, application_id)
        if application is None or application.owner_id != owner_id:
            raise DraftNotFound(application_id)

    def _decided(self, session: Session, application_id: str) -> bool:
        statuses = session.exec(
            select(ApplicationEvent.status).where(ApplicationEvent.application_id == application_id)
        ).all()
        return bool(DECIDED & set(statuses))
