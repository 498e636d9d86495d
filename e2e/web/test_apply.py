"""A resident applies online: logs in, binds their real name, applies for an instant-approval
item, for the newborn bundle and on a signed commitment (告知承诺), and gets receipts with a
status timeline."""

import io
import re
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest
import yaml
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from core.identity.id_numbers import mask_id_number
from core.settings import REPO_ROOT
from core.testing.factories import make_id_number

RENT = "200070001001"
TEACHER = "010120003000"  # 教师资格认定: 告知承诺, the medical certificate may follow in 30 days


def _resident(index: int) -> dict:
    people = yaml.safe_load((REPO_ROOT / "data/sandbox/population.yaml").read_text("utf-8"))["residents"]
    return [p for p in people if p.get("status", "normal") == "normal"][index]


def _log_in_verified(page: Page, sms_url: str, phone: str, person: dict) -> None:
    page.goto("/login")
    page.get_by_label("手机号码").fill(phone)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_label("短信验证码")).to_be_visible()
    texts = httpx.get(f"{sms_url}/messages", params={"phone": phone}, timeout=5).json()["messages"]
    page.get_by_label("短信验证码").fill(re.search(r"\d{6}", texts[0]["text"]).group(0))
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/?$"))
    # The account page has loaded (its profile shows the masked phone) before the form is filled:
    # a form filled while the page still hydrates can be re-rendered empty under load.
    expect(page.locator("#profile")).to_contain_text(f"{phone[:3]}****{phone[-4:]}")
    page.get_by_label("姓名").fill(person["name"])
    page.get_by_label("身份证号码").fill(person["id_number"])
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#profile")).to_contain_text(person["name"])


def _wait_for_timeline(page: Page, text: str, seconds: int = 40) -> None:
    """The relay delivers and the department's status comes back on its own: reload until it shows."""
    for _ in range(seconds // 2):
        if text in page.locator("#timeline").inner_text():
            return
        page.wait_for_timeout(2000)
        page.reload()
        expect(page.locator("#timeline")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text(text)


def _upload_checks(page: Page, tmp_path) -> None:
    """A disguised program is refused by content; a real photo is accepted for the material."""
    page.locator("#upload-material").select_option(label="居民身份证")
    disguised = tmp_path / "身份证.jpg"
    disguised.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    page.locator("input[type=file]").set_input_files(str(disguised))
    page.locator("#upload-button").click()
    expect(page.locator("#upload-error")).to_contain_text("只能上传照片")
    photo = tmp_path / "id-card.png"
    Image.new("RGB", (400, 250), (200, 210, 220)).save(photo)
    page.locator("input[type=file]").set_input_files(str(photo))
    page.locator("#upload-button").click()
    row = page.locator("tr.material").filter(has_text="居民身份证").first
    expect(row).to_contain_text("已上传")
    expect(row).to_contain_text("id-card.png")


def _department_finishes(page: Page, departments_port: int) -> None:
    """The department decides; the resident sees it and rates the service (好差评)."""
    departments = f"http://127.0.0.1:{departments_port}"
    for application in httpx.get(f"{departments}/applications", timeout=5).json()["applications"]:
        for _ in range(2):
            httpx.post(f"{departments}/_control", json={"advance": application["reference"]}, timeout=5)
    _wait_for_timeline(page, "已办结")
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("还有什么想说的？（选填）").fill("网上就办完了，很方便")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("status")).to_contain_text("感谢您的评价")


@pytest.fixture
def resident(page: Page, sms_url: str) -> dict:
    person = _resident(3)
    _log_in_verified(page, sms_url, "13812340003", person)
    return person


def test_apply_for_rent_withdrawal(
    page: Page, resident: dict, sandbox_ports: dict[str, int], tmp_path
) -> None:
    page.goto(f"/item/{RENT}")
    page.locator("#apply-online").click()
    expect(page).to_have_url(re.compile(f"/apply/{RENT}"))
    expect(page.locator(".prefilled").first).to_contain_text(resident["name"])
    assert resident["id_number"] not in page.content()

    id_card = page.locator("table.materials tr.material").filter(has_text="居民身份证").first
    expect(page.locator("#fetch-elicences")).to_be_disabled()
    page.locator("#elicence-consent").click()
    page.locator("#fetch-elicences").click()
    expect(id_card).to_contain_text("已从电子证照库调取")
    assert resident["id_number"] not in page.content()

    _upload_checks(page, tmp_path)

    page.get_by_label("每月房租（元）").fill("不知道")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("alert")).to_contain_text("需要修改")
    expect(page.locator(".field-error")).to_contain_text("请输入数字")

    page.get_by_label("每月房租（元）").fill("1500")
    page.get_by_label("本人及配偶在本市有自有住房吗").select_option("false")
    page.get_by_label("收款银行卡号").fill("6222021234567890123")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("heading", name="核对填写内容")).to_be_visible()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert")).to_contain_text("勾选承诺")
    page.locator("#declaration").click()
    expect(page.locator("#declaration")).to_be_checked()
    page.get_by_role("button", name="提交申请").click()

    expect(page).to_have_url(re.compile(r"/application/[0-9a-f]{32}"))
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"^\d{16}$"))
    expect(page.locator("#timeline")).to_contain_text("已提交")
    _wait_for_timeline(page, "部门已受理")
    _department_finishes(page, sandbox_ports["departments"])
    receipt = page.locator("#receipt-no").inner_text()
    page.goto("/applications")
    expect(page.locator("main")).to_contain_text(receipt)
    page.goto("/account")
    expect(page.locator("#data-use-log")).to_contain_text("居民身份证")
    expect(page.locator("#data-use-log")).to_contain_text("租房提公积金")


def test_apply_for_the_newborn_bundle_once_for_all(page: Page, sms_url: str) -> None:
    person = _resident(5)
    _log_in_verified(page, sms_url, "13812340005", person)
    page.goto("/bundle/YJS001")
    page.locator("#apply-online").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("宝宝")
    labels = page.locator(".apply-form .field-label").all_inner_texts()
    assert len(labels) == len(set(labels)), "each shared question is asked once"
    answers = {
        "宝宝姓名": "王小明",
        "宝宝出生日期": "2026-11-20",
        "出生医院": "平顶山市第一人民医院",
        "母亲姓名": "李秀英",
        "母亲身份证号码": make_id_number("410402", "19950728", "024"),
        "父亲姓名": person["name"],
        "父亲身份证号码": person["id_number"],
        "现居住地址": "新华区建设路中段 12 号院 3 号楼",
    }
    for label, value in answers.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("宝宝性别").select_option("M")
    page.get_by_label("宝宝户口随谁").select_option("father")
    page.get_by_label("社保卡领取方式").select_option("post")
    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("heading", name="核对填写内容")).to_be_visible()
    page.locator("#declaration").click()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"^\d{16}$"))
    timeline = page.locator("#timeline")
    for department in ("卫生健康委员会", "公安局", "医疗保障局", "人力资源和社会保障局"):
        expect(timeline).to_contain_text(department)


def test_birth_registration_is_approved_instantly(page: Page, sms_url: str) -> None:
    """秒批: with the couple's e-licences fetched by consent, every declared rule passes."""
    people = yaml.safe_load((REPO_ROOT / "data/sandbox/population.yaml").read_text("utf-8"))["residents"]
    father = next(p for p in people if p["name"] == "赵磊")
    mother = next(p for p in people if p["name"] == "孙丽")
    _log_in_verified(page, sms_url, "13812340009", father)
    page.goto("/apply/200110002000?scenario=online")
    page.locator("#elicence-consent").click()
    page.locator("#fetch-elicences").click()
    expect(page.locator("tr.material").filter(has_text="结婚证").first).to_contain_text("已从电子证照库调取")
    expect(page.locator("tr.material").filter(has_text="居民户口簿").first).to_contain_text(
        "已从电子证照库调取"
    )
    answers = {
        "母亲姓名": mother["name"],
        "母亲身份证号码": mother["id_number"],
        "父亲姓名": father["name"],
        "父亲身份证号码": father["id_number"],
        "现居住地址": "卫东区建设路东段 8 号院 2 号楼 301",
    }
    for label, value in answers.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="保存并继续").click()
    page.locator("#declaration").click()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"^\d{16}$"))
    expect(page.locator("#timeline")).to_contain_text("秒批通过")


def _expected_deadline(days: int) -> str:
    return (datetime.now(timezone(timedelta(hours=8))).date() + timedelta(days=days)).isoformat()


def _sign(page: Page, name: str) -> None:
    section = page.locator("section[aria-labelledby=apply-commitment]")
    expect(section).to_contain_text("本人承诺")
    expect(section).to_contain_text("I undertake")
    expect(section).to_contain_text("体检证明")
    expect(section).to_contain_text(_expected_deadline(30))
    page.get_by_role("button", name="签署承诺").click()  # neither ticked nor named
    expect(page.locator("#commitment-error")).to_contain_text("勾选")
    page.locator("#commitment-agree").click()
    expect(page.locator("#commitment-agree")).to_be_checked()
    page.get_by_label("输入您的姓名签署").fill("张三")
    page.get_by_role("button", name="签署承诺").click()
    expect(page.locator("#commitment-error")).to_contain_text("实名认证一致")
    page.get_by_label("输入您的姓名签署").fill(name)
    page.get_by_role("button", name="签署承诺").click()
    expect(page.locator("#commitment-signed")).to_contain_text(f"{name} 已于")


def test_sign_the_commitment_and_see_the_decision_and_deadline(page: Page, sms_url: str, tmp_path) -> None:
    person = _resident(12)
    _log_in_verified(page, sms_url, "13812340012", person)
    page.goto(f"/apply/{TEACHER}?scenario=exam_passed")
    expect(page.get_by_role("heading", name="告知承诺", exact=True)).to_be_visible()

    page.get_by_role("button", name="保存并继续").click()
    expect(page.get_by_role("heading", name="核对填写内容")).to_be_visible()
    page.locator("#declaration").click()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert")).to_contain_text("请先签署")  # not submitted without the signature

    _sign(page, person["name"])
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(re.compile(r"/application/[0-9a-f]{32}"))
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"^\d{16}$"))
    expect(page.locator("#timeline")).to_contain_text("已按告知承诺审批")
    owed = page.locator("#owed-materials tr.owed").filter(has_text="体检证明")
    expect(owed).to_contain_text(_expected_deadline(30))
    expect(owed).to_contain_text("待补交")
    assert date.fromisoformat(_expected_deadline(30)) > date.today()

    page.locator("#owed-material").select_option(label="体检证明")
    photo = tmp_path / "medical.png"
    Image.new("RGB", (300, 400), (240, 240, 230)).save(photo)
    page.locator("input[type=file]").set_input_files(str(photo))
    page.locator("#supply-button").click()
    expect(owed).to_contain_text("已补交")
    expect(page.locator("#timeline")).to_contain_text("已补交承诺材料")
    _receipt_pdf(page, person)


def _receipt_pdf(page: Page, person: dict) -> None:
    """The receipt PDF: for its owner only, with the receipt number, the masked ID and the status QR."""
    receipt = page.locator("#receipt-no").inner_text()
    href = page.locator("#receipt-pdf").get_attribute("href")
    answer = page.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    text = "".join(PdfReader(io.BytesIO(answer.body())).pages[0].extract_text().replace("\x00", "").split())
    assert receipt in text and mask_id_number(person["id_number"]) in text
    assert person["id_number"] not in text
    stranger = httpx.get(page.url.split("/application/")[0] + href, timeout=10)
    assert stranger.status_code == 404


def test_unemployment_benefit_is_approved_instantly_from_department_records(page: Page, sms_url: str) -> None:
    """秒批 with the social insurance record: the employer reported a dismissal three weeks ago."""
    person = next(
        p
        for p in yaml.safe_load((REPO_ROOT / "data/sandbox/population.yaml").read_text("utf-8"))["residents"]
        if p["name"] == "王志强"
    )
    _log_in_verified(page, sms_url, "13812340022", person)
    page.goto("/apply/050050003000?scenario=standard")
    expect(page.locator("#department-records")).to_contain_text("社会保险参保记录")
    page.locator("#elicence-consent").click()
    page.locator("#fetch-elicences").click()
    expect(page.locator("tr.material").filter(has_text="居民身份证").first).to_contain_text(
        "已从电子证照库调取"
    )
    left = (datetime.now(timezone(timedelta(hours=8))).date() - timedelta(days=21)).isoformat()
    page.get_by_label("离职日期").fill(left)
    page.get_by_label("离职原因").select_option("dismissed")
    page.get_by_label("我愿意接受就业服务和职业介绍").select_option("true")
    page.get_by_label("收款银行卡号").fill("6222021234567890123")
    page.get_by_role("button", name="保存并继续").click()
    page.locator("#declaration").click()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#receipt-no")).to_have_text(re.compile(r"^\d{16}$"))
    expect(page.locator("#timeline")).to_contain_text("秒批通过")
    page.goto("/account")
    expect(page.locator("#data-use-log")).to_contain_text("社会保险参保记录")
