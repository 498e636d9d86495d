"""A walk-in at a paired kiosk: a poster code opens the item, the ID card signs them in
(masked), they apply and get a receipt, and "finish" or walking away leaves nothing for the
next person. The terminal's reads are posted signed, as its device agent posts them."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from core.applications.drafts import Drafts
from core.audit import AuditEvent
from core.db import get_engine
from core.guide.catalogue import load_catalogue_dir
from core.identity.codes import issue_draft_handoff, issue_eid_code
from core.identity.id_card import IdCard
from core.identity.records import CitizenRecord
from core.settings import REPO_ROOT
from core.testing.paper import pdf_text
from kiosk.devices.synthetic_frames import code_video

MEDICAL = "070060001000"  # 交居民医保（参保登记）: marked for the kiosk channel
HE = ("何永胜", "410482196703211796", date(1967, 3, 21), "男")
GAO = ("高雪", "410482200408081801", date(2004, 8, 8), "女")


def _verified_citizen(database_url: str, person: tuple) -> str:
    """A resident who verified their real name earlier (on the website or their phone)."""
    name, number, _, _ = person
    with Session(get_engine(database_url)) as session:
        found = session.exec(select(CitizenRecord).where(CitizenRecord.id_number == number)).first()
        if found is not None:
            return found.id
        citizen = CitizenRecord(
            id=f"kiosk-e2e-{number[-6:]}",
            phone=f"139{number[-8:]}",
            name=name,
            id_number=number,
            real_name_verified_at=datetime.now(UTC),
        )
        session.add(citizen)
        session.commit()
        return citizen.id


def _card(person: tuple) -> dict:
    name, number, born, sex = person
    card = IdCard(
        name, sex, "汉", born, "河南省舞钢市垭口街道", number, "舞钢市公安局", date(2020, 1, 1), None
    )
    return {"kind": "id_card", "card": card.to_record()}


def _no_serious_axe_violations(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def _token(page: Page) -> str:
    return page.evaluate("() => window.sessionStorage.getItem('token')")


def _post(kiosk, event: dict) -> None:
    assert kiosk.post(event).status_code == 202


def test_an_unpaired_browser_gets_no_kiosk(browser: Browser, app_url: str) -> None:
    context = browser.new_context(base_url=app_url, locale="zh-CN")
    page = context.new_page()
    page.goto("/kiosk")
    expect(page.get_by_role("heading", name="这台设备不是自助终端")).to_be_visible()
    expect(page.get_by_role("button", name="点这里开始")).to_have_count(0)
    context.close()


def test_kiosk_screens_in_english_have_no_serious_axe_violations(
    kiosk_page: Page, kiosk, app_url: str
) -> None:
    page = kiosk_page
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Self-service: do it yourself in a few touches")).to_be_visible()
    _no_serious_axe_violations(page)
    page.get_by_role("button", name="Touch here to start").click()
    expect(page.get_by_role("heading", name="What would you like to do?")).to_be_visible()
    _no_serious_axe_violations(page)
    page.get_by_role("button", name="Choose by life event").click()
    expect(page.get_by_role("heading", name="Life events")).to_be_visible()
    _no_serious_axe_violations(page)
    _post(kiosk, {"kind": "qr", "text": f"{app_url}/s/{MEDICAL}"})
    expect(page.locator("#kiosk-guide")).to_be_visible()
    expect(page.get_by_role("button", name="Apply here")).to_be_visible()
    _no_serious_axe_violations(page)


def test_walk_in_scans_signs_in_applies_and_leaves_nothing(
    kiosk_page: Page, kiosk, app_url: str, app_database_url: str, print_spool: Path
) -> None:
    page = kiosk_page
    _verified_citizen(app_database_url, HE)
    _no_serious_axe_violations(page)

    _post(kiosk, {"kind": "qr", "text": f"{app_url}/s/{MEDICAL}"})
    expect(page.get_by_role("heading", level=1)).to_have_text("交居民医保（参保登记）")
    _no_serious_axe_violations(page)

    _post(kiosk, _card(HE))
    expect(page.locator("#kiosk-person-name")).to_have_text("何*胜")
    expect(page.locator("#kiosk-person-number")).to_contain_text("****")
    assert HE[1] not in page.content()

    page.get_by_role("button", name="在这里办理").click()
    expect(page.get_by_text("（来自您的实名信息）").first).to_be_visible()
    body = page.locator("body").inner_text()
    assert HE[0] not in body and HE[1] not in body  # a public hall: prefilled identity is masked too
    page.locator("#kiosk-consent").click()
    expect(page.locator("#kiosk-consent")).to_be_checked()
    page.get_by_role("button", name="调取我的电子证照").click()
    expect(page.locator("li.kiosk-material").filter(has_text="居民身份证")).to_contain_text(
        "已从电子证照库调取"
    )
    page.get_by_label("现居住地址").fill("舞钢市垭口街道建设路 8 号")
    _no_serious_axe_violations(page)
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("heading", name="核对填写内容")).to_be_visible()
    page.locator("#kiosk-declaration").click()
    expect(page.locator("#kiosk-declaration")).to_be_checked()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"\S{6,}"))
    expect(page.get_by_role("img", name="办件进度码", exact=True)).to_be_visible()
    _no_serious_axe_violations(page)

    already = set(print_spool.glob("*.pdf")) if print_spool.exists() else set()
    page.get_by_role("button", name="打印回执").click()
    expect(page.locator("#kiosk-print-status")).to_have_text("已打印，请从下方出纸口取走回执。")
    [sheet] = set(print_spool.glob("*.pdf")) - already
    printed = pdf_text(sheet.read_bytes())
    assert page.locator("#receipt-no").inner_text() in printed
    assert HE[1] not in printed and HE[1][-4:] in printed  # the ID number masked on paper

    old_token = _token(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="Finish and leave").click()

    # The next person: Chinese again, the attract screen, a new token, nobody signed in.
    expect(page.get_by_role("heading", name="自助办事：点几下就能办")).to_be_visible()
    assert _token(page) not in (None, old_token)
    expect(page.locator("#kiosk-person-name")).to_have_count(0)
    assert "何" not in page.locator("body").inner_text()
    page.get_by_role("button", name="点这里开始").click()
    page.get_by_role("button", name=re.compile("交居民医保")).click()
    page.get_by_role("button", name="在这里办理").click()
    expect(page.locator("#kiosk-notice")).to_contain_text("请把身份证放到读卡区")
    expect(page.get_by_label("现居住地址")).to_have_count(0)


def test_a_draft_from_a_phone_continues_after_the_e_id_code(
    kiosk_page: Page, kiosk, app_database_url: str
) -> None:
    page = kiosk_page
    owner = _verified_citizen(app_database_url, GAO)
    catalogue = load_catalogue_dir(REPO_ROOT / "data" / "catalogue")
    draft = Drafts(get_engine(app_database_url), catalogue).start(owner, MEDICAL, channel="mobile")
    handoff = issue_draft_handoff(draft.id, owner)

    _post(kiosk, {"kind": "qr", "text": handoff.payload})
    expect(page.locator("#kiosk-notice")).to_contain_text("要接着办手机上的申请")
    _post(kiosk, {"kind": "qr", "text": issue_eid_code(owner).payload})  # the phone's e-ID code
    expect(page.locator("#kiosk-notice")).to_contain_text("已打开您在手机上填的申请")
    expect(page.get_by_role("heading", level=1)).to_have_text("交居民医保（参保登记）")
    expect(page.locator("#kiosk-person-name")).to_have_text("高*")

    # The same code again is refused: handoff codes are single-use.
    _post(kiosk, {"kind": "qr", "text": handoff.payload})
    expect(page.locator("#kiosk-notice")).to_contain_text("这个码已经用过了")
    page.locator("#kiosk-finish").click()
    expect(page.get_by_role("button", name="点这里开始")).to_be_visible()


def test_walking_away_counts_down_and_wipes(
    kiosk_page: Page, kiosk, app_url: str, app_database_url: str
) -> None:
    page = kiosk_page
    _verified_citizen(app_database_url, HE)
    _post(kiosk, {"kind": "qr", "text": f"{app_url}/s/{MEDICAL}"})
    _post(kiosk, _card(HE))
    expect(page.locator("#kiosk-person-name")).to_have_text("何*胜")
    old_token = _token(page)

    countdown = page.locator("#kiosk-countdown")
    expect(countdown).to_be_visible(timeout=40_000)
    expect(countdown).to_contain_text("秒后将自动清空")
    expect(page.get_by_role("button", name="点这里开始")).to_be_visible(timeout=40_000)
    expect(page.locator("#kiosk-person-name")).to_have_count(0)
    assert _token(page) not in (None, old_token)
    with Session(get_engine(app_database_url)) as session:
        ended = session.exec(
            select(AuditEvent).where(AuditEvent.action == "kiosk.sign_out", AuditEvent.terminal == kiosk.id)
        ).all()
    assert [e.detail["reason"] for e in ended] == ["idle"]


def test_the_device_agent_drives_the_kiosk(
    kiosk_page: Page, kiosk, app_url: str, app_database_url: str, tmp_path: Path
) -> None:
    """`yiwang kiosk-agent` reads a video file as its camera and a simulated card reader: the
    poster code on the video opens the item, the card placed on the reader signs in."""
    page = kiosk_page
    _verified_citizen(app_database_url, HE)
    video = code_video(tmp_path / "hall.avi", [f"{app_url}/s/{MEDICAL}"], seconds_each=2, gap=1)
    trigger = tmp_path / "reader.card"
    agent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "yiwang.cli",
            "kiosk-agent",
            "--base-url",
            app_url,
            "--terminal",
            kiosk.id,
            f"--key={kiosk.key}",  # a key may start with "-"
            "--camera",
            str(video),
            "--cards",
            str(REPO_ROOT / "data" / "devices" / "id_cards.yaml"),
            "--card-trigger",
            str(trigger),
            "--no-pair",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        expect(page.get_by_role("heading", level=1)).to_have_text("交居民医保（参保登记）", timeout=60_000)
        trigger.write_text("he-yongsheng\n", encoding="utf-8")
        expect(page.locator("#kiosk-person-name")).to_have_text("何*胜", timeout=30_000)
    finally:
        agent.terminate()
        output = agent.communicate(timeout=20)[0]
    assert HE[1] not in output  # the agent logs masked numbers only
