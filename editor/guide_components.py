"""Pieces of the guide editor page: the bilingual form with debounced fields, the live
checker panel with highlighted findings, the workflow actions and the version list."""

from __future__ import annotations

import reflex as rx

from editor.access import EXPIRED_URL
from editor.components import STATUS_LABELS
from editor.gate import access_gate
from editor.guide_form import guide_form
from shared_ui.components.links import link
from shared_ui.components.session_timer import session_timer
from shared_ui.i18n import N_, msg, msgf

DEBOUNCE_MS = 400
NOTICES = {
    "saved": N_("Draft saved as a new version."),
    "submitted": N_("Sent for review. Another person must approve it."),
    "published": N_("Published. Every channel shows the new text now."),
    "scheduled": N_("Approved and scheduled for publishing."),
    "sent_back": N_("Sent back to the author as a draft."),
    "reviewed": N_("Review recorded. The guide is no longer flagged."),
    "restored": N_("The old version was restored as a new draft."),
}
ERRORS = {
    "invalid": N_("Some fields are missing or too long. Check the fields listed below."),
    "unknown_block": N_("This text names a content block that does not exist:"),
    "wrong_status": N_("This action does not fit the guide's current status."),
    "same_person": N_("You wrote or published this text: another reviewer must approve it."),
    "reason_needed": N_("Say why this must be published without review (at least 10 characters)."),
    "bad_time": N_("Choose a publishing time in the future."),
    "not_found": N_("There is no item with this code."),
    "not_allowed": N_("Your role does not allow this action."),
    "unknown_version": N_("That version does not exist."),
}
FINDINGS = {
    "long_sentence": N_("Long sentence: {length} characters (keep under {limit})."),
    "officialese": N_("Officialese. Plainer: {suggestion}"),
    "term": N_("Explain this term the first time, e.g. {suggestion}"),
    "passive": N_("Passive 被: say who does what."),
    "number_format": N_("Write numbers and dates for reading: {suggestion}"),
    "rare_characters": N_("Uncommon character: many readers may not know it."),
}
KIND_NAMES = {
    "long_sentence": N_("Long sentences"),
    "officialese": N_("Officialese"),
    "term": N_("Unexplained terms"),
    "passive": N_("Passive voice"),
    "number_format": N_("Numbers and dates"),
    "rare_characters": N_("Uncommon characters"),
}
FIELDS = {
    "plain_name": N_("Title"),
    "summary": N_("Summary"),
    "step": N_("Step"),
    "scenario": N_("Situation"),
    "material": N_("Material note"),
    "faq": N_("Question"),
}


def _match(value: rx.Var[str], table: dict[str, str], **values) -> rx.Component:
    cases = [(key, msgf(text, **values) if values else rx.fragment(msg(text))) for key, text in table.items()]
    return rx.match(value, *cases, rx.fragment(""))


def _finding(finding) -> rx.Component:
    return rx.el.li(
        rx.el.p(
            rx.el.strong(_match(finding.field, FIELDS)),
            rx.cond(finding.position > 0, rx.el.span(" ", finding.position), ""),
            ": ",
            rx.el.span(finding.before, rx.el.mark(finding.marked), finding.after, lang="zh-CN"),
        ),
        rx.el.p(
            _match(
                finding.kind,
                FINDINGS,
                length=finding.size,
                limit=finding.limit,
                suggestion=rx.el.span(finding.suggestion, lang="zh-CN"),
            ),
            class_name="finding-advice",
        ),
        class_name="finding",
        data_kind=finding.kind,
        data_field=finding.field,
    )


def check_panel(state: type[rx.State]) -> rx.Component:
    return rx.el.aside(
        rx.el.h2(msg("Plain-language check"), id="check-heading"),
        rx.el.p(
            msgf("Score {score} out of 100", score=state.score), id="readability-score", class_name="score"
        ),
        rx.el.ul(
            rx.foreach(
                state.penalties,
                lambda p: rx.el.li(_match(p.kind, KIND_NAMES), " ×", p.count, " (−", p.points, ")"),
            ),
            class_name="reasons",
            aria_label=msg("Why this score"),
        ),
        rx.el.p(
            msgf("{n} warnings", n=state.findings.length()),
            id="warning-count",
            role="status",
        ),
        rx.el.ol(rx.foreach(state.findings, _finding), id="findings", class_name="findings"),
        aria_labelledby="check-heading",
        tab_index=0,  # it scrolls on its own: keyboard users must reach it
        class_name="panel check-panel",
    )


def _messages(state: type[rx.State]) -> rx.Component:
    return rx.fragment(
        rx.cond(
            state.notice != "",
            rx.el.p(_match(state.notice, NOTICES), role="status", class_name="notice", id="guide-notice"),
            "",
        ),
        rx.cond(
            state.error != "",
            rx.el.div(
                rx.el.p(_match(state.error, ERRORS)),
                rx.el.ul(rx.foreach(state.problems, lambda p: rx.el.li(rx.el.code(p)))),
                role="alert",
                class_name="error",
                id="guide-error",
            ),
            "",
        ),
    )


def _status(state: type[rx.State]) -> rx.Component:
    return rx.el.dl(
        rx.el.div(rx.el.dt(msg("Status")), rx.el.dd(_match(state.status, STATUS_LABELS), id="guide-status")),
        rx.el.div(
            rx.el.dt(msg("Version")),
            rx.el.dd(state.version, " (", msg("published"), " v", state.published_version, ")"),
        ),
        rx.el.div(rx.el.dt(msg("Last written by")), rx.el.dd(state.author)),
        rx.cond(
            state.scheduled_at != "",
            rx.el.div(rx.el.dt(msg("Publishes at")), rx.el.dd(state.scheduled_at, " (北京时间)")),
            "",
        ),
        class_name="facts",
    )


def _flagged(state: type[rx.State]) -> rx.Component:
    return rx.cond(
        state.flagged,
        rx.el.div(
            rx.el.p(
                msg("Published without review. It stays flagged until another reviewer checks it."),
                rx.el.br(),
                msg("Reason:"),
                " ",
                rx.el.q(state.publish_reason),
            ),
            rx.cond(
                state.can_review,
                rx.el.button(
                    msg("Mark as reviewed"),
                    on_click=state.confirm_review,
                    class_name="button",
                    id="confirm-review",
                ),
                "",
            ),
            role="note",
            class_name="flagged",
            id="flagged",
        ),
        "",
    )


def _review_actions(state: type[rx.State]) -> rx.Component:
    return rx.cond(
        state.can_review & (state.status == "in_review"),
        rx.el.div(
            rx.el.button(
                msg("Approve and publish"), on_click=state.approve, class_name="button primary", id="approve"
            ),
            rx.el.button(msg("Send back"), on_click=state.send_back, class_name="button", id="send-back"),
            rx.el.form(
                rx.el.label(
                    msg("Publish at (Beijing time)"), html_for="publish-at", class_name="field-label"
                ),
                rx.el.input(
                    type="datetime-local",
                    id="publish-at",
                    name="publish_at",
                    required=True,
                    class_name="text-input",
                ),
                rx.el.button(msg("Approve and schedule"), type="submit", class_name="button", id="schedule"),
                on_submit=state.schedule,
                class_name="stack",
            ),
            class_name="actions",
        ),
        "",
    )


def _publish_now(state: type[rx.State]) -> rx.Component:
    return rx.cond(
        state.can_publish,
        rx.el.form(
            rx.el.p(
                msg("Publishes what is on screen: unsaved changes are saved as a new version first."),
                class_name="muted",
            ),
            rx.el.label(
                msg("Reason for publishing without review"),
                html_for="publish-reason",
                class_name="field-label",
            ),
            rx.el.textarea(
                id="publish-reason", name="reason", rows=2, class_name="text-input", max_length=500
            ),
            rx.el.button(
                msg("Publish now without review"), type="submit", class_name="button", id="publish-now"
            ),
            on_submit=state.publish_now,
            class_name="stack",
        ),
        "",
    )


def review_messages(state: type[rx.State]) -> rx.Component:
    return _messages(state)


def writer_actions(state: type[rx.State], *more: rx.Component) -> rx.Component:
    """Save as a new version; send a draft for review."""
    return rx.el.div(
        rx.el.button(
            msg("Save draft"), on_click=state.save_draft, class_name="button primary", id="save-draft"
        ),
        rx.cond(
            state.status == "draft",
            rx.el.button(
                msg("Send for review"), on_click=state.submit_review, class_name="button", id="submit-review"
            ),
            "",
        ),
        *more,
        class_name="actions",
    )


def workflow_panel(state: type[rx.State], *more: rx.Component) -> rx.Component:
    """The review panel of the guide editor; `more` are further buttons beside Save."""
    return rx.el.section(
        rx.el.h2(msg("Review and publishing"), id="workflow-heading"),
        _status(state),
        _flagged(state),
        writer_actions(state, *more),
        _review_actions(state),
        _publish_now(state),
        aria_labelledby="workflow-heading",
        class_name="panel",
    )


def _version(state: type[rx.State], version) -> rx.Component:
    return rx.el.li(
        "v",
        version.number,
        " · ",
        version.author,
        " · ",
        version.created,
        rx.cond(version.note != "", rx.el.span(" · ", version.note), ""),
        rx.cond(
            version.number > 0,
            rx.el.button(msg("Changes"), on_click=state.show_diff(version.number), class_name="link-button"),
            "",
        ),
        rx.el.button(msg("Restore"), on_click=state.restore(version.number), class_name="link-button"),
    )


def versions_panel(state: type[rx.State]) -> rx.Component:
    return rx.el.section(
        rx.el.h2(msg("Versions"), id="versions-heading"),
        rx.el.ol(rx.foreach(state.versions, lambda v: _version(state, v)), reversed=True, id="versions"),
        rx.cond(
            state.diff_lines.length() > 0,
            rx.el.figure(
                rx.el.figcaption(msg("Changes"), " ", state.diff_title),
                rx.el.pre(
                    rx.foreach(state.diff_lines, lambda line: rx.el.span(line, "\n")), id="diff", lang="zh-CN"
                ),
            ),
            "",
        ),
        aria_labelledby="versions-heading",
        class_name="panel",
    )


def editor_body(state: type[rx.State]) -> rx.Component:
    return access_gate(
        state.access,
        rx.el.div(
            session_timer(state.expires_at_ms, state.extend_session, EXPIRED_URL),
            rx.el.p(link(msg("Back to the work list"), href="/editor")),
            rx.el.h1(state.plain_name, lang="zh-CN", id="guide-title"),
            rx.el.p(rx.el.code(state.code), " ", rx.el.span(state.official_name, lang="zh-CN")),
            _messages(state),
            rx.el.div(
                rx.el.div(
                    guide_form(state, DEBOUNCE_MS),
                    workflow_panel(
                        state,
                        link(
                            msg("Preview on every channel"),
                            href="/editor/items/" + state.code + "/preview",
                            class_name="button",
                            id="preview-link",
                        ),
                    ),
                    versions_panel(state),
                    class_name="editor-main",
                ),
                check_panel(state),
                class_name="editor-columns",
            ),
        ),
    )
