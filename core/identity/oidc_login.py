"""Citizen login through the province's unified identity service (OpenID Connect).

The provider is a real-name service, so its ID number counts as verified. A provider
subject is linked to one citizen on first login: the citizen already holding that ID
number, else the one with that phone number (if it has no other ID number), else a new one.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.audit import AuditLog, pseudonym
from core.clock import Clock, system_clock
from core.identity.login import LoginResult
from core.identity.oidc import OidcClient, OidcError, OidcIdentity
from core.identity.oidc_records import CitizenOidcLink
from core.identity.oidc_states import OidcStateStore
from core.identity.records import CitizenRecord

PROVIDER = "henan"


class OidcLogin:
    def __init__(
        self,
        engine: Engine,
        client: OidcClient,
        audit: AuditLog,
        provider: str = PROVIDER,
        clock: Clock = system_clock,
    ) -> None:
        self._engine = engine
        self._client = client
        self._audit = audit
        self._provider = provider
        self._clock = clock
        self._states = OidcStateStore(engine, clock)

    def start(self, flow: str = "web") -> tuple[str, str]:
        """(authorize URL, state) for the web's or the phone app's callback (`flow`); raises
        OidcError("unavailable") if the provider is down or the flow has no redirect URI."""
        return self._client.authorization_request(self._states, flow)

    def redirect_uri(self, flow: str) -> str:
        return self._client.redirect_uri(flow)

    def finish(self, code: str, state: str, channel: str = "pc", flow: str = "web") -> LoginResult:
        try:
            identity = self._client.complete(code, state, self._states, flow)
            result, how = self.link(identity)
        except OidcError as refused:
            outcome = "failed" if refused.code == "unavailable" else "refused"
            self._audit.record(
                "login.oidc", outcome, channel=channel, provider=self._provider, reason=refused.code
            )
            raise
        self._audit.record(
            "login.oidc",
            "ok",
            actor=pseudonym(result.citizen_id),
            channel=channel,
            provider=self._provider,
            matched=how,
        )
        return result

    def link(self, identity: OidcIdentity) -> tuple[LoginResult, str]:
        """The citizen for this identity and how it was found: subject, id_number, phone or new."""
        now = self._clock()
        with Session(self._engine) as session:
            link = session.get(CitizenOidcLink, (self._provider, identity.sub))
            citizen = session.get(CitizenRecord, link.citizen_id) if link else None
            how = "subject" if citizen else ""
            if citizen is None:
                citizen, how = _match(session, identity)
            is_new = citizen is None
            if citizen is None:
                citizen = CitizenRecord(id=uuid.uuid4().hex, phone=identity.phone, created_at=now)
            self._verify_real_name(citizen, identity)
            link = link or CitizenOidcLink(provider=self._provider, subject=identity.sub, created_at=now)
            link.citizen_id, link.last_login_at = citizen.id, now
            try:
                session.add(citizen)
                session.flush()  # the citizen row first: the link refers to it
                session.add(link)
                session.commit()
            except IntegrityError as clash:  # a concurrent first login took the phone or ID number
                raise OidcError("conflict") from clash
            return LoginResult(citizen.id, is_new=is_new), how or "new"

    def _verify_real_name(self, citizen: CitizenRecord, identity: OidcIdentity) -> None:
        if citizen.id_number is not None and citizen.id_number != identity.id_number:
            raise OidcError("conflict")  # this account already belongs to another real person
        if citizen.real_name_verified_at is None:
            citizen.name, citizen.id_number = identity.name, identity.id_number
            citizen.real_name_verified_at = self._clock()


def _match(session: Session, identity: OidcIdentity) -> tuple[CitizenRecord | None, str]:
    holder = session.exec(select(CitizenRecord).where(CitizenRecord.id_number == identity.id_number)).first()
    if holder is not None:
        return holder, "id_number"
    by_phone = session.exec(select(CitizenRecord).where(CitizenRecord.phone == identity.phone)).first()
    return by_phone, "phone" if by_phone is not None else ""
