"""The receipt sheet of one application, for its owner only (another citizen gets DraftNotFound)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from core.applications.commitments import Commitments
from core.applications.submission import Submissions
from core.audit import AuditLog
from core.clock import BEIJING, as_utc
from core.guide.catalogue import Catalogue
from core.identity.codes import issue_receipt_code
from core.identity.id_numbers import mask_id_number
from core.identity.records import CitizenRecord
from core.printing.printer import Printer, PrintJob
from core.printing.receipt import ReceiptLine, ReceiptSheet, render_receipt

FOLLOW = (
    "扫描下方二维码或登录平顶山一网通办查看进度，状态变化会短信通知您。",
    "Scan the code below or log in to follow progress; we text you when it changes.",
)


def receipt_sheet(
    engine: Engine,
    catalogue: Catalogue,
    owner_id: str,
    application_id: str,
    *,
    audit: AuditLog | None = None,
    channel: str = "pc",
) -> ReceiptSheet:
    receipt = Submissions(engine, catalogue).receipt(owner_id, application_id)
    with Session(engine) as session:
        citizen = session.get(CitizenRecord, owner_id)
    target = (
        catalogue.find_bundle(receipt.target_code)
        if receipt.target_kind == "bundle"
        else catalogue.find_item(receipt.target_code)
    )
    lines, steps = [], []
    for code, decision in receipt.decisions.items():
        item = catalogue.item(code)
        department = catalogue.find_department(item.department)
        lines.append(
            ReceiptLine(
                item.plain_name,
                item.plain_name_en or item.name,
                department.name if department else item.department,
                department.name_en if department else item.department,
                decision.get("outcome", ""),
            )
        )
        if decision.get("outcome") == "to_department":
            days = item.time_limit_promised
            steps.append(
                (
                    f"{item.plain_name}：部门承诺 {days} 个工作日内办结。",
                    f"{item.plain_name_en or item.name}: a decision within {days} working days.",
                )
            )
    for owed in Commitments(engine, catalogue).owed(owner_id, application_id):
        if not owed.supplied:
            steps.append(
                (
                    f"按告知承诺，请在 {owed.due_on.isoformat()} 前补交：{owed.name}。",
                    f"Under your commitment: {owed.name_en or owed.name} by {owed.due_on.isoformat()}.",
                )
            )
    submitted = as_utc(datetime.fromisoformat(receipt.submitted_at))
    code = issue_receipt_code(receipt.receipt_no, audit=audit, channel=channel)
    return ReceiptSheet(
        receipt_no=receipt.receipt_no,
        title=target.plain_name if target else receipt.target_code,
        title_en=(target.plain_name_en if target else "") or "",
        applicant_name=citizen.name if citizen else "",
        applicant_id_masked=mask_id_number(citizen.id_number) if citizen and citizen.id_number else "",
        submitted_at=submitted.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"),
        lines=tuple(lines),
        next_steps=(*steps, FOLLOW),
        status_code=code.payload,
    )


def print_receipt(
    printer: Printer,
    engine: Engine,
    catalogue: Catalogue,
    owner_id: str,
    application_id: str,
    *,
    audit: AuditLog | None = None,
    channel: str = "kiosk",
) -> PrintJob:
    """The receipt on the channel's printer (kiosk, bank branch): for the application's owner only."""
    sheet = receipt_sheet(engine, catalogue, owner_id, application_id, audit=audit, channel=channel)
    return printer.print_pdf(render_receipt(sheet), "receipt")
