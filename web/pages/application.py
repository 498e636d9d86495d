"""My applications, and one application's receipt and status timeline with its status QR."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime

import reflex as rx

from core.applications.drafts import DraftNotFound
from core.applications.ratings import LEVELS, RatingRefused
from core.clock import BEIJING, as_utc
from core.guide.scan_codes import qr_svg
from core.identity.codes import issue_receipt_code
from core.services import audit_log, guide_service, ratings, submissions
from shared_ui.components.layout import loading_or
from shared_ui.components.links import link
from shared_ui.components.qr_image import status_qr
from shared_ui.i18n import N_, bilingual, msg
from shared_ui.session import current_session, route_arg
from web.pages.application_commitment import OwedState, commitment_panel
from web.registry import citizen_page

STATUS_LABELS = {
    "submitted": N_("Submitted"),
    "approved": N_("Approved instantly"),
    "committed": N_("Approved on your commitment"),
    "supplied": N_("Owed material supplied"),
    "commitment_overdue": N_("Owed material overdue: the department has been told"),
    "to_department": N_("Sent for review"),
    "delivered": N_("Received by the department"),
    "accepted": N_("Accepted by the department"),
    "in_review": N_("Under review"),
    "done": N_("Finished"),
    "rejected": N_("Returned: the department will contact you"),
}


@dataclass
class EventView:
    at: str = ""
    status: str = ""
    department: str = ""
    department_en: str = ""
    item: str = ""
    note: str = ""


@dataclass
class ApplicationView:
    id: str = ""
    receipt_no: str = ""
    title: str = ""
    title_en: str = ""
    submitted_at: str = ""
    events: list[EventView] = field(default_factory=list)
    qr_svg: str = ""


def _beijing(moment: str) -> str:
    """A stored (UTC) time as people here read it."""
    return as_utc(datetime.fromisoformat(moment)).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _title(kind: str, code: str) -> tuple[str, str]:
    catalogue = guide_service().catalogue
    target = catalogue.find_bundle(code) if kind == "bundle" else catalogue.find_item(code)
    return (target.plain_name, target.plain_name_en) if target else (code, "")


def _event_view(event) -> EventView:
    catalogue = guide_service().catalogue
    department = catalogue.find_department(event.department) if event.department else None
    item = catalogue.find_item(event.item_code) if event.item_code else None
    return EventView(
        at=event.at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"),
        status=event.status,
        department=department.name if department else "",
        department_en=department.name_en if department else "",
        item=item.plain_name if item else "",
        note=event.note,
    )


class ApplicationState(rx.State):
    application: ApplicationView = ApplicationView()
    mine: list[ApplicationView] = []
    loaded: bool = False
    missing: bool = False
    can_rate: bool = False
    rated_level: int = 0
    rating_error: str = ""

    def _load_rating(self, owner: str, application_id: str) -> None:
        service = ratings()
        existing = service.rating(owner, application_id)
        self.rated_level = existing.level if existing else 0
        self.can_rate = service.can_rate(owner, application_id)

    def show_events(self, owner: str, application_id: str) -> None:
        """Reload the timeline (after a supplied material added a line)."""
        events = [_event_view(e) for e in submissions().timeline(owner, application_id)]
        self.application = replace(self.application, events=events)

    @rx.event
    def rate(self, form_data: dict):
        active = current_session(self)
        if active is None:
            return rx.redirect("/login")
        try:
            level = int(str(form_data.get("level", "0")))
            ratings().rate(
                active.subject_id,
                self.application.id,
                level,
                str(form_data.get("comment", ""))[:1000],
                channel="pc",
            )
            self.rating_error = ""
        except (ValueError, RatingRefused) as refused:
            self.rating_error = getattr(refused, "code", "level")
        except DraftNotFound:
            self.missing = True
            return None
        self._load_rating(active.subject_id, self.application.id)
        return None

    @rx.event
    async def load_application(self):
        active = await asyncio.to_thread(current_session, self)
        if active is None:
            return rx.redirect("/login")
        application_id = route_arg(self, "id")
        if not await asyncio.to_thread(self._show_receipt, active.subject_id, application_id):
            return None
        owed = await self.get_state(OwedState)
        await asyncio.to_thread(owed.show, active.subject_id, application_id)
        return None

    def _show_receipt(self, owner: str, application_id: str) -> bool:
        """The receipt, its timeline and the rating form; False when it is not the caller's."""
        try:
            receipt = submissions().receipt(owner, application_id)
            events = submissions().timeline(owner, application_id)
        except DraftNotFound:
            self.loaded, self.missing = False, True
            return False
        title, title_en = _title(receipt.target_kind, receipt.target_code)
        code = issue_receipt_code(receipt.receipt_no, audit=audit_log(), channel="pc")
        self.application = ApplicationView(
            id=receipt.application_id,
            receipt_no=receipt.receipt_no,
            title=title,
            title_en=title_en,
            submitted_at=_beijing(receipt.submitted_at),
            events=[_event_view(e) for e in events],
            qr_svg=qr_svg(code.payload, "办件进度码 status code"),
        )
        self.loaded, self.missing = True, False
        self._load_rating(owner, application_id)
        return True

    @rx.event
    def load_mine(self):
        active = current_session(self)
        if active is None:
            return rx.redirect("/login")
        self.mine = [
            ApplicationView(
                id=r.application_id,
                receipt_no=r.receipt_no,
                title=_title(r.target_kind, r.target_code)[0],
                title_en=_title(r.target_kind, r.target_code)[1],
                submitted_at=_beijing(r.submitted_at),
            )
            for r in submissions().mine(active.subject_id)
        ]
        return None


def _event(e: rx.Var[EventView]) -> rx.Component:
    return rx.el.li(
        rx.el.span(e.at, class_name="muted"),
        " ",
        rx.el.strong(rx.match(e.status, *((k, msg(v)) for k, v in STATUS_LABELS.items()), e.status)),
        rx.cond(e.department != "", rx.el.span(" · ", bilingual(e.department, e.department_en)), ""),
        rx.cond(e.item != "", rx.el.span(" · ", e.item, lang="zh-CN"), ""),
        class_name="event",
    )


def _application_body() -> rx.Component:
    a = ApplicationState.application
    return rx.fragment(
        rx.el.h1(bilingual(a.title, a.title_en)),
        rx.el.div(
            rx.el.p(msg("Your application has been received. Keep this number:")),
            rx.el.p(a.receipt_no, class_name="receipt-no", id="receipt-no"),
            rx.el.p(msg("Submitted at"), " ", a.submitted_at),
            class_name="panel receipt",
        ),
        rx.el.div(
            rx.el.section(
                rx.el.h2(msg("Progress")),
                rx.el.ol(rx.foreach(a.events, _event), class_name="timeline", id="timeline"),
                class_name="guide-main",
            ),
            status_qr(a.qr_svg, "guide-side"),
            class_name="guide-layout",
        ),
        commitment_panel(),
        _rating(),
        rx.el.p(
            rx.el.a(
                msg("Download receipt (PDF)"),
                href="/print/receipt/" + a.id + ".pdf",
                class_name="button",
                id="receipt-pdf",
            ),
            " ",
            rx.el.button(msg("Print"), on_click=rx.call_script("window.print()"), class_name="button"),
        ),
    )


def _level_choice(level: int, zh: str, en: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="level", value=str(level), required=True),
        rx.el.span(bilingual(zh, en)),
        class_name="choice",
    )


def _rating() -> rx.Component:
    form = rx.el.form(
        rx.el.fieldset(
            rx.el.legend(msg("How satisfied are you with this service?")),
            *(_level_choice(level, zh, en) for level, (zh, en) in LEVELS.items()),
            class_name="scenarios",
        ),
        rx.el.label(
            msg("Anything to tell us? (optional)"), html_for="rating-comment", class_name="field-label"
        ),
        rx.el.textarea(id="rating-comment", name="comment", max_length=500, rows=3, class_name="text-input"),
        rx.el.button(msg("Send rating"), type="submit", class_name="button primary"),
        on_submit=ApplicationState.rate,
        class_name="stack",
    )
    return rx.el.section(
        rx.el.h2(msg("Rate this service"), id="rating"),
        rx.cond(
            ApplicationState.rated_level > 0,
            rx.el.p(msg("Thank you for your rating."), role="status"),
            rx.cond(
                ApplicationState.can_rate,
                form,
                rx.el.p(msg("You can rate the service once a decision has been made.")),
            ),
        ),
        rx.cond(
            ApplicationState.rating_error != "",
            rx.el.p(msg("Please choose one of the five levels."), role="alert", class_name="error"),
            "",
        ),
        aria_labelledby="rating",
        class_name="panel",
    )


@citizen_page("/application/[id]", title="办件进度 · Application", on_load=ApplicationState.load_application)
def application_page() -> rx.Component:
    return loading_or(ApplicationState.loaded, ApplicationState.missing, _application_body())


def _mine_row(a: rx.Var[ApplicationView]) -> rx.Component:
    return rx.el.li(
        link(bilingual(a.title, a.title_en), href="/application/" + a.id),
        " · ",
        rx.el.code(a.receipt_no),
        " · ",
        a.submitted_at,
    )


@citizen_page("/applications", title="我的办件 · My applications", on_load=ApplicationState.load_mine)
def my_applications_page() -> rx.Component:
    return rx.fragment(
        rx.el.h1(msg("My applications")),
        rx.cond(
            ApplicationState.mine.length() > 0,
            rx.el.ul(rx.foreach(ApplicationState.mine, _mine_row), class_name="card-list"),
            rx.el.p(msg("You have not applied for anything yet.")),
        ),
    )
