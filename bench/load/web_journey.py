"""A citizen on the PC web, over the websocket like a browser: SMS login, then search -> guide ->
apply (the draft) -> answers -> declaration -> submit -> the receipt page. Every step checks what
the page would show; a wrong answer raises ProtocolError."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from bench.load.web_client import ProtocolError, WebClient, state_name
from core.testing.journeys import RENT_ITEM, RENT_SCENARIO, SEARCH_WORDS, Citizen, answers_of

LOGIN = state_name("web.pages.login", "LoginState")
SEARCH = state_name("web.pages.search", "SearchState")
ITEM = state_name("web.pages.item", "ItemState")
APPLY = state_name("web.pages.apply", "ApplyState")
APPLICATION = state_name("web.pages.application", "ApplicationState")
TICKET = re.compile(r"/auth/complete\?ticket=[^'\"&]+&next=[^'\"]*")
APPLICATION_PATH = re.compile(r"^/application/([0-9a-f]{32})$")
RECEIPT_NO = re.compile(r"^\d{16}$")


@dataclass(frozen=True)
class WebReceipt:
    application_id: str
    receipt_no: str


async def sms_code(sms_url: str, phone: str, http: httpx.AsyncClient) -> str:
    """The newest code the sandbox SMS sink holds for this phone."""
    texts = (await http.get(f"{sms_url}/messages", params={"phone": phone})).json()["messages"]
    found = re.search(r"\d{6}", texts[0]["text"]) if texts else None
    if found is None:
        raise ProtocolError(f"no SMS code for {phone[:3]}****{phone[-4:]}")
    return found.group(0)


async def log_in(tab: WebClient, phone: str, sms_url: str) -> str:
    """The login page over the websocket; the ticket it hands out is redeemed at /auth/complete
    for the HttpOnly session cookie, and the tab reloads with it (a full page load, as
    `window.location.assign` does). Returns the Cookie header."""
    await tab.open("/login")
    await tab.call(LOGIN, "send_code", lambda t: _sent(t), form_data={"phone": phone})
    if tab.var(LOGIN, "error"):
        raise ProtocolError(f"send_code refused: {tab.var(LOGIN, 'error')}")
    async with httpx.AsyncClient(base_url=tab.base_url, timeout=10) as http:
        code = await sms_code(sms_url, phone, http)
        before = len(tab.events)
        await tab.call(
            LOGIN, "verify_code", lambda t: _ticket(t, before) is not None, form_data={"code": code}
        )
        answer = await http.get(_ticket(tab, before))
    cookie = answer.cookies.get("yiwang_session")
    if answer.status_code != 303 or not cookie:
        raise ProtocolError(f"/auth/complete answered {answer.status_code} without a session cookie")
    header = f"yiwang_session={cookie}"
    await tab.open("/account", cookie=header)
    return header


def _sent(tab: WebClient) -> bool:
    return bool(tab.var(LOGIN, "code_sent")) or bool(tab.var(LOGIN, "error"))


def _ticket(tab: WebClient, after: int) -> str | None:
    for event in tab.events[after:]:
        if event.get("name") == "_call_script":
            found = TICKET.search(str(event.get("payload", {}).get("javascript_code", "")))
            if found:
                return found.group(0)
    return None


def _redirect(tab: WebClient, after: int) -> str | None:
    for event in tab.events[after:]:
        if event.get("name") == "_redirect":
            return str(event.get("payload", {}).get("path", ""))
    return None


def _form_data(tab: WebClient, person: Citizen) -> dict[str, str]:
    """What the browser's FormData holds after the citizen typed their answers: every editable
    field, typed value or what it already showed."""
    answers = answers_of(person)
    fields = tab.var(APPLY, "fields") or []
    if not fields:
        raise ProtocolError("the apply page shows no form fields")
    return {f["id"]: answers.get(f["id"], f["value"]) for f in fields if not f["prefilled"]}


async def find_and_read(tab: WebClient) -> None:
    """Search in the citizen's own words, then open the guide (a click on the card)."""
    await tab.navigate(
        f"/search?q={quote(SEARCH_WORDS)}",
        check=lambda t: RENT_ITEM in [c["code"] for c in t.var(SEARCH, "results") or []],
    )
    await tab.navigate(
        f"/item/{RENT_ITEM}",
        params={"code": RENT_ITEM},
        check=lambda t: (t.var(ITEM, "guide") or {}).get("code") == RENT_ITEM,
    )


async def apply_online(tab: WebClient, person: Citizen) -> WebReceipt:
    """The apply page makes the draft; answers, declaration, submit; the receipt page."""
    await tab.navigate(
        f"/apply/{RENT_ITEM}?scenario={RENT_SCENARIO}",
        params={"code": RENT_ITEM},
        check=lambda t: bool(t.var(APPLY, "loaded")) and bool(t.var(APPLY, "fields")),
    )
    await tab.call(APPLY, "save_answers", _stage_is_check, form_data=_form_data(tab, person))
    await tab.call(APPLY, "toggle_declared", lambda t: t.var(APPLY, "declared") is True)
    before = len(tab.events)
    await tab.call(APPLY, "submit", lambda t: _redirect(t, before) is not None or bool(t.var(APPLY, "error")))
    target = _redirect(tab, before) or ""
    matched = APPLICATION_PATH.match(target)
    if matched is None:
        raise ProtocolError(f"submit did not lead to the receipt (error {tab.var(APPLY, 'error')!r})")
    await tab.navigate(
        target, params={"id": matched.group(1)}, check=lambda t: bool(t.var(APPLICATION, "loaded"))
    )
    shown = tab.var(APPLICATION, "application") or {}
    if shown.get("id") != matched.group(1) or not RECEIPT_NO.match(shown.get("receipt_no", "")):
        raise ProtocolError("the receipt page shows another application or no receipt number")
    return WebReceipt(matched.group(1), shown["receipt_no"])


def _stage_is_check(tab: WebClient) -> bool:
    if tab.var(APPLY, "error"):
        raise ProtocolError(f"save_answers refused: {tab.var(APPLY, 'error')}")
    return tab.var(APPLY, "stage") == "check"


async def web_journey(tab: WebClient, person: Citizen) -> WebReceipt:
    """One application, on a tab that is already logged in."""
    await find_and_read(tab)
    return await apply_online(tab, person)
