"""The receipt on paper (受理回执): receipt number, what was applied for and at which department,
the applicant with a MASKED ID number, the date, what happens next, and the status QR (a signed,
read-only receipt code) that follows the application on a phone."""

from __future__ import annotations

from dataclasses import dataclass

from core.printing.fonts import FontChoice
from core.printing.pdf import Sheet

DECISIONS = {
    "approved": ("已秒批", "approved instantly"),
    "committed": ("已按告知承诺审批", "approved on your commitment"),
    "to_department": ("已送部门审核", "sent to the department for review"),
}


@dataclass(frozen=True)
class ReceiptLine:
    item: str
    item_en: str
    department: str
    department_en: str
    outcome: str  # approved, committed, to_department


@dataclass(frozen=True)
class ReceiptSheet:
    receipt_no: str
    title: str
    title_en: str
    applicant_name: str
    applicant_id_masked: str  # never the full number: mask_id_number() made it
    submitted_at: str  # Beijing time, YYYY-MM-DD HH:MM
    lines: tuple[ReceiptLine, ...]
    next_steps: tuple[tuple[str, str], ...]  # (zh, en)
    status_code: str  # the QR payload: issue_receipt_code(receipt_no).payload


def render_receipt(sheet: ReceiptSheet, font: FontChoice | None = None) -> bytes:
    pdf = Sheet(f"受理回执 {sheet.receipt_no}", font)
    pdf.heading("平顶山一网通办 · 受理回执", "Pingdingshan One-Network Services · Application receipt")
    pdf.heading(sheet.title, sheet.title_en, size=14)
    pdf.line_of("受理编号", "Receipt no.", sheet.receipt_no, size=14)
    pdf.line_of("申请人", "Applicant", sheet.applicant_name)
    pdf.line_of("身份证号", "ID number", sheet.applicant_id_masked)
    pdf.line_of("提交时间", "Submitted", sheet.submitted_at)
    pdf.ln(3)
    pdf.heading("办理事项和部门", "Items and departments", size=12)
    for line in sheet.lines:
        zh, en = DECISIONS.get(line.outcome, (line.outcome, line.outcome))
        pdf.paragraph(
            f"{line.item} · {line.department} · {zh}", f"{line.item_en} · {line.department_en} · {en}"
        )
    pdf.heading("接下来", "What happens next", size=12)
    pdf.bullets(sheet.next_steps)
    pdf.qr(
        sheet.status_code,
        "扫码查看办理进度（只读，不含个人信息）",
        "Scan to follow this application on your phone (read-only, no personal data)",
    )
    pdf.paragraph("咨询电话 12345 · 平顶山市政务服务和大数据管理局", "Hotline 12345")
    return pdf.to_bytes()
