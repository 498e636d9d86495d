"""The 告知承诺 step of applying: the resident reads the commitment in Chinese and English, sees
what they may supply later and by when, ticks that they agree and types their name to sign."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from core.applications.commitments import CommitmentRefused, Offer
from core.applications.drafts import DraftNotFound
from core.clock import BEIJING
from core.services import commitments
from shared_ui.components.alerts import coded_alert
from shared_ui.i18n import N_, bilingual, msg, msgf
from shared_ui.session import current_session


@dataclass
class OwedView:
    name: str = ""
    name_en: str = ""
    due_on: str = ""
    supplied: bool = False
    overdue: bool = False


@dataclass
class OfferView:
    item_code: str = ""
    item_name: str = ""
    item_name_en: str = ""
    text_zh: str = ""
    text_en: str = ""
    text_hash: str = ""
    owed: list[OwedView] = field(default_factory=list)
    signed: bool = False
    signed_by: str = ""
    signed_at: str = ""


def offer_view(offer: Offer) -> OfferView:
    signature = offer.signature
    return OfferView(
        offer.item_code,
        offer.item_name,
        offer.item_name_en,
        offer.text_zh,
        offer.text_en,
        offer.text_hash,
        [OwedView(o.name, o.name_en, o.due_on.isoformat()) for o in offer.owed],
        signature is not None,
        signature.signer_name if signature else "",
        signature.signed_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if signature else "",
    )


SIGN_ERRORS = {
    "not_agreed": N_("Tick that you have read and agree to the commitment."),
    "name_mismatch": N_("Type your name exactly as verified on your account."),
    "not_verified": N_("Verify your real name on your account page before you sign."),
    "text_changed": N_("The commitment text has just changed. Read it again and sign."),
    "not_offered": N_("This commitment is not part of your application."),
    "submitted": N_("This application has already been submitted."),
}


class CommitmentState(rx.State):
    offers: list[OfferView] = []
    sign_error: str = ""
    _draft_id: str = ""

    def show(self, owner: str, draft_id: str) -> None:
        self._draft_id = draft_id
        self.offers = [offer_view(o) for o in commitments().offers(owner, draft_id)]

    @rx.event
    def sign(self, form_data: dict):
        active = current_session(self)
        if active is None or not self._draft_id:
            return rx.redirect("/login")
        try:
            # The item and text hash come from the page the resident read; core checks both.
            commitments().sign(
                active.subject_id,
                self._draft_id,
                str(form_data.get("item_code", ""))[:12],
                text_hash=str(form_data.get("text_hash", ""))[:64],
                typed_name=str(form_data.get("signer_name", ""))[:64],
                agreed=form_data.get("agree") in ("on", True, "true"),
                channel="pc",
            )
            self.sign_error = ""
        except CommitmentRefused as refused:
            self.sign_error = refused.code
        except DraftNotFound:
            return rx.redirect("/applications")
        self.show(active.subject_id, self._draft_id)
        return None


def owed_item(o: rx.Var[OwedView]) -> rx.Component:
    return rx.el.li(
        bilingual(o.name, o.name_en),
        " · ",
        msgf("supply by {date}", date=rx.el.strong(o.due_on, class_name="due-on")),
    )


def _sign_form(offer: rx.Var[OfferView]) -> rx.Component:
    return rx.el.form(
        rx.el.input(type="hidden", name="item_code", value=offer.item_code),
        rx.el.input(type="hidden", name="text_hash", value=offer.text_hash),
        rx.el.label(
            rx.el.input(type="checkbox", name="agree", id="commitment-agree"),
            rx.el.span(msg("I have read the commitment above and agree to keep it.")),
            class_name="choice",
        ),
        rx.el.label(msg("Type your full name to sign"), html_for="signer-name", class_name="field-label"),
        rx.el.input(id="signer-name", name="signer_name", auto_complete="name", class_name="text-input"),
        rx.el.button(
            msg("Sign the commitment"), type="submit", class_name="button primary", id="sign-commitment"
        ),
        on_submit=CommitmentState.sign,
        reset_on_submit=False,
        class_name="stack",
    )


def _offer(offer: rx.Var[OfferView]) -> rx.Component:
    return rx.el.article(
        rx.el.h3(bilingual(offer.item_name, offer.item_name_en)),
        rx.el.blockquote(offer.text_zh, lang="zh-CN", class_name="commitment-text"),
        rx.el.blockquote(offer.text_en, lang="en", class_name="commitment-text"),
        rx.cond(
            offer.owed.length() > 0,
            rx.el.div(
                rx.el.p(msg("With the commitment you may supply these later:")),
                rx.el.ul(rx.foreach(offer.owed, owed_item)),
            ),
            "",
        ),
        rx.cond(
            offer.signed,
            rx.el.p(
                msgf("Signed by {name} at {time}", name=offer.signed_by, time=offer.signed_at),
                role="status",
                class_name="signed",
                id="commitment-signed",
            ),
            _sign_form(offer),
        ),
        class_name="panel commitment",
    )


def commitment_step() -> rx.Component:
    return rx.cond(
        CommitmentState.offers.length() > 0,
        rx.el.section(
            rx.el.h2(msg("Approval on commitment"), id="apply-commitment"),
            rx.el.p(msg("Sign the commitment and your application is decided on it.")),
            rx.foreach(CommitmentState.offers, _offer),
            coded_alert(
                CommitmentState.sign_error,
                SIGN_ERRORS,
                msg("Something went wrong. Please try again."),
                "commitment-error",
            ),
            aria_labelledby="apply-commitment",
        ),
        "",
    )
