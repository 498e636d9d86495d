"""A card holder without an account: the kiosk offers to open one with the ID card on its reader
(checked against the population register), asks for an optional mobile number for status texts
on its keypad, then signs the person in. The card stays server-side; screens show it masked."""

from __future__ import annotations

import asyncio

import reflex as rx

from core.identity.id_card import IdCard, IdCardError
from core.identity.kiosk_login import KioskSignedIn, KioskSignInError
from core.identity.login import LoginError, normalise_phone
from core.services import kiosk_enrolment, kiosk_sign_in
from kiosk.state import KioskState

MAX_DIGITS = 11
# Why no account was opened -> the notice (kiosk.messages); the register's other answers
# (mismatch, not_found, deceased) all say "ask the staff", telling nothing more.
REFUSAL_NOTICES = {
    "unavailable": "enrol_unavailable",
    "card_expired": "signin_card_expired",
    "unreadable": "card_unreadable",
}


def enrol_card(record: dict, terminal_id: str, contact_given: bool) -> tuple[KioskSignedIn | None, str]:
    """(the new session, "") or (None, why not). Slow I/O (the population register): run it
    outside the state lock."""
    try:
        return kiosk_enrolment().enrol(IdCard.from_record(record), terminal_id, contact_given), ""
    except KioskSignInError as refused:
        return None, refused.code
    except IdCardError:
        return None, "unreadable"


class KioskEnrolState(rx.State):
    card_name: str = ""  # masked
    card_number: str = ""  # masked
    contact_digits: str = ""  # what the person types on the keypad, shown to them
    enrolling: bool = False
    error: str = ""  # "" | phone_invalid
    _card: dict = {}  # the card record without its photo: backend only
    _back_to: str = "start"  # the screen to go back to (the guide the person scanned…)
    _contact_phone: str = ""
    _contact_owner: str = ""

    def _offer(self, card: IdCard, back_to: str) -> None:
        """Called by the card reaction: this card has no account yet."""
        self.reset()
        self._card, self._back_to = {**card.to_record(), "photo_jpeg": ""}, back_to
        self.card_name, self.card_number = card.masked_name, card.masked_number

    def _contact_phone_of(self, citizen_id: str) -> str:
        """The mobile number given here for status texts, only for the person who gave it."""
        return self._contact_phone if citizen_id and citizen_id == self._contact_owner else ""

    async def _offered(self) -> KioskState | None:
        kiosk = await self.get_state(KioskState)
        return kiosk if kiosk._kiosk() is not None and self._card and kiosk.screen == "enrol" else None

    @rx.event
    async def press_digit(self, digit: str):
        if await self._offered() is not None and str(digit) in "0123456789" and len(str(digit)) == 1:
            self.contact_digits = (self.contact_digits + str(digit))[:MAX_DIGITS]
            self.error = ""

    @rx.event
    async def erase_digit(self):
        if await self._offered() is not None:
            self.contact_digits, self.error = self.contact_digits[:-1], ""

    @rx.event
    async def decline(self):
        kiosk = await self._offered()
        if kiosk is not None:
            kiosk.screen, kiosk.notice = self._back_to, ""
            self.reset()

    def _contact(self) -> str | None:
        """The typed number normalised, "" for none, None for a number that is not a mobile."""
        if not self.contact_digits:
            return ""
        try:
            return normalise_phone(self.contact_digits)
        except LoginError:
            return None

    async def _begin_enrolment(self) -> tuple[dict, str, str] | None:
        """(card, terminal, contact phone) to enrol with, or None (with the reason shown)."""
        kiosk = await self._offered()
        contact = self._contact()
        if kiosk is None or self.enrolling:
            return None
        if contact is None:
            self.error = "phone_invalid"
            return None
        self.enrolling, self.error = True, ""
        return self._card, kiosk._terminal, contact

    @rx.event(background=True)
    async def open_account(self):
        async with self:
            started = await self._begin_enrolment()
        if started is None:
            return
        card, terminal_id, contact = started
        signed, code = await asyncio.to_thread(enrol_card, card, terminal_id, bool(contact))
        async with self:
            await self._enrolled(card, signed, contact, code)

    async def _enrolled(self, card: dict, signed: KioskSignedIn | None, contact: str, code: str) -> None:
        from kiosk.reactions import signed_in  # the reactions open this state

        self.enrolling = False
        kiosk = await self.get_state(KioskState)
        if self._card != card:  # the person left (wipe) or another card was read meanwhile
            if signed is not None:
                kiosk_sign_in().sign_out(signed.token, kiosk._terminal, "left")
            return
        if signed is None:
            kiosk.notice = REFUSAL_NOTICES.get(code, "enrol_refused")
            return
        kiosk.screen = self._back_to
        self.reset()
        await signed_in(kiosk, signed)
        self._contact_phone, self._contact_owner = contact, signed.citizen_id
        if kiosk.notice == "signed_in":
            kiosk.notice = "enrolled"
