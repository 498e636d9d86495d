"""The apply blocks the web and the kiosk share: the same controls, drawn large for the kiosk,
with the ids each channel's pages and tests use."""

from __future__ import annotations

import reflex as rx

from shared_ui.components.alerts import coded_alert
from shared_ui.components.apply_blocks import (
    APPLY_ERRORS,
    answers_check,
    answers_form,
    button_class,
    elicence_consent,
)
from shared_ui.components.qr_image import qr_figure, status_qr
from shared_ui.form_views import FieldView


class ApplyBlocksDemoState(rx.State):
    consent: bool = False
    fetching: bool = False
    declared: bool = False
    error: str = ""
    svg: str = ""
    fields: list[FieldView] = []  # noqa: RUF012 - Reflex copies state vars per client

    @rx.event
    def toggle(self):
        self.consent = not self.consent

    @rx.event
    def act(self):
        self.fetching = True

    @rx.event
    def save(self, form_data: dict):
        self.error = str(form_data.get("error", ""))


S = ApplyBlocksDemoState


def _consent(elderly: bool) -> str:
    note = rx.el.p("records", id="records-note")
    return str(
        elicence_consent(
            S.consent, S.toggle, S.fetching, S.act, ("box", "fetch"), note, elderly=elderly
        ).render()
    )


def test_button_classes_by_size() -> None:
    assert button_class(False) == "button"
    assert button_class(False, primary=True) == "button primary"
    assert button_class(True) == "kiosk-button"
    assert button_class(True, primary=True) == "kiosk-button primary wide"


def test_consent_keeps_the_ids_and_the_note_and_grows_for_the_kiosk() -> None:
    web, kiosk = _consent(False), _consent(True)
    for rendered in (web, kiosk):
        assert '"box"' in rendered and '"fetch"' in rendered and "records-note" in rendered
    assert "kiosk-button" not in web and "kiosk-check" not in web
    assert "kiosk-button" in kiosk and "choice kiosk-check" in kiosk


def test_check_has_declaration_and_submit_with_their_ids() -> None:
    web = str(answers_check(S.fields, S.act, S.declared, S.toggle, S.act, ("declaration", "submit")).render())
    kiosk = str(
        answers_check(
            S.fields, S.act, S.declared, S.toggle, S.act, ("kiosk-declaration", "go"), elderly=True
        ).render()
    )
    assert '"declaration"' in web and '"submit"' in web and "choice declaration" in web
    assert '"kiosk-declaration"' in kiosk and "choice kiosk-check" in kiosk
    assert "kiosk-button primary wide" in kiosk and "kiosk-button" not in web


def test_answers_form_takes_an_optional_heading() -> None:
    plain = str(answers_form(S.fields, S.save).render())
    headed = str(
        answers_form(S.fields, S.save, rx.el.h2("Your answers", id="answers-heading"), elderly=True).render()
    )
    assert "answers-heading" not in plain and "button primary" in plain
    assert "answers-heading" in headed and "kiosk-button primary wide" in headed


def test_coded_alert_is_an_alert_only_while_a_code_is_set() -> None:
    rendered = str(coded_alert(S.error, APPLY_ERRORS, "fallback", "the-error").render())
    assert '"alert"' in rendered and '"the-error"' in rendered and "fallback" in rendered
    condition = str(coded_alert(S.error, APPLY_ERRORS).render()["children"][0]["cond_state"])
    assert condition.startswith("!(") and 'error_rx_state_?.valueOf?.() === ""' in condition


def test_qr_figures_share_one_shape() -> None:
    status = str(status_qr(S.svg, "guide-side").render())
    assert 'className:"qr-figure guide-side"' in status and 'role:"img"' in status
    framed = str(qr_figure(S.svg, "label", "caption", element_id="f", image_id="i").render())
    assert 'id:"f"' in framed and 'id:"i"' in framed and "figcaption" in framed
