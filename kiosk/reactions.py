"""What the kiosk does with each read of its camera and card reader: open a poster's item,
sign a person in by ID card or e-ID code, continue a draft from a phone's handoff code.
Runs inside the watcher's state lock; every outcome is a screen or a notice, never an error page."""

from __future__ import annotations

from core.applications.drafts import DraftNotFound
from core.identity.codes import CodeError
from core.identity.id_card import IdCard, IdCardError
from core.identity.kiosk_login import KioskSignedIn, KioskSignInError
from core.identity.terminal_events import TerminalEvent
from core.services import code_verifier, drafts, kiosk_sign_in
from core.settings import get_settings
from kiosk.apply import KioskApplyState
from kiosk.enrol import KioskEnrolState
from kiosk.scans import classify_scan
from kiosk.state import KioskState

RETURN_SCREENS = ("start", "life_events", "list", "guide")


async def react(kiosk: KioskState, event: TerminalEvent) -> None:
    if event.kind == "id_card":
        await _card(kiosk, event.payload)
    elif event.kind == "qr":
        await _scan(kiosk, str(event.payload.get("text", "")))


async def _card(kiosk: KioskState, record: dict) -> None:
    try:
        card = IdCard.from_record(record)
        signed = kiosk_sign_in().by_card(card, kiosk._terminal)
    except IdCardError:
        kiosk.notice = "card_unreadable"
        return
    except KioskSignInError as refused:
        if refused.code == "no_account":
            await _offer_account(kiosk, card)
        else:
            kiosk.notice = f"signin_{refused.code}"
        return
    await signed_in(kiosk, signed)


async def _offer_account(kiosk: KioskState, card: IdCard) -> None:
    """A card holder without an account: whoever was signed in here leaves first."""
    if kiosk_sign_in().current(kiosk._token) is not None:
        kiosk_sign_in().sign_out(kiosk._token, kiosk._terminal, "next_person")
        (await kiosk.get_state(KioskApplyState)).reset()
        kiosk.screen = "start"
    kiosk._token, kiosk.person_name, kiosk.person_number = "", "", ""
    back_to = kiosk.screen if kiosk.screen in RETURN_SCREENS else "start"
    (await kiosk.get_state(KioskEnrolState))._offer(card, back_to)
    kiosk.screen, kiosk.notice = "enrol", ""


async def _scan(kiosk: KioskState, text: str) -> None:
    scan = classify_scan(text, get_settings().public_url)
    if scan.kind == "entry":
        kiosk._show_entry(scan.value)
    elif scan.kind == "eid":
        try:
            signed = kiosk_sign_in().by_eid(scan.value, kiosk._terminal)
        except KioskSignInError as refused:
            kiosk.notice = f"signin_{refused.code}"
            return
        await signed_in(kiosk, signed)
    elif scan.kind == "handoff":
        await _handoff(kiosk, scan.value)
    elif scan.kind == "receipt":
        kiosk.notice = "receipt_code"
    else:
        kiosk.notice = "unknown_code"


async def signed_in(kiosk: KioskState, signed: KioskSignedIn) -> None:
    """One person at a time: a different person's card ends the last one's session first."""
    current = kiosk_sign_in().current(kiosk._token)
    if current is not None and current.subject_id != signed.citizen_id:
        kiosk_sign_in().sign_out(kiosk._token, kiosk._terminal, "next_person")
        (await kiosk.get_state(KioskApplyState)).reset()
        kiosk.screen = "start"
    elif current is not None:
        kiosk_sign_in().sign_out(kiosk._token, kiosk._terminal, "signed_in_again")
    kiosk._token = signed.token
    kiosk.person_name, kiosk.person_number = signed.masked_name, signed.masked_id_number
    kiosk.notice = "signed_in"
    if kiosk.screen == "enrol":  # a card with an account replaces one that had none
        (await kiosk.get_state(KioskEnrolState)).reset()
    if kiosk.screen in ("attract", "enrol"):
        kiosk.screen = "start"
    if kiosk._pending_handoff:
        payload, kiosk._pending_handoff = kiosk._pending_handoff, ""
        await _handoff(kiosk, payload)


async def _handoff(kiosk: KioskState, payload: str) -> None:
    """A draft started on a phone: for its owner only, who must sign in here first."""
    owner = kiosk._citizen_id()
    if owner is None:
        kiosk._pending_handoff = payload
        kiosk.notice = "handoff_sign_in_first"
        if kiosk.screen == "attract":
            kiosk.screen = "start"
        return
    try:
        draft = drafts().resume_by_code(payload, owner, code_verifier(), "kiosk")
    except CodeError as refused:
        kiosk.notice = f"signin_{refused.code}"
        return
    except DraftNotFound:
        kiosk.notice = "handoff_not_yours"
        return
    apply = await kiosk.get_state(KioskApplyState)
    apply._show_draft(await apply._known(owner), draft)
    kiosk.screen, kiosk.notice = "apply", "handoff_opened"
