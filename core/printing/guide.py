"""A service guide on paper (办事指南): what the item is for, who can apply, the materials of
each scenario and how each is provided, time limits, fee, where to go, and the scan-to-apply QR."""

from __future__ import annotations

from core.guide.models import Department, Item
from core.guide.scan_codes import entry_url
from core.printing.fonts import FontChoice
from core.printing.pdf import Sheet

OBTAIN = {
    "A": ("电子证照，免交", "e-licence, fetched for you"),
    "B": ("已核验，可复用", "verified before, reused"),
    "C": ("上传或带原件", "upload or bring the original"),
    "D": ("签署承诺代替", "replaced by your signed commitment"),
}


def render_guide(
    item: Item, department: Department | None, public_url: str, font: FontChoice | None = None
) -> bytes:
    pdf = Sheet(f"办事指南 {item.name}", font)
    pdf.heading(item.plain_name, item.plain_name_en or item.name)
    pdf.paragraph(f"事项名称：{item.name}（事项编码 {item.code}）")
    pdf.paragraph(item.summary, item.summary_en)
    pdf.heading("谁可以办", "Who can apply", size=12)
    pdf.paragraph(item.who_can_apply)
    for scenario in item.scenarios:
        pdf.heading(
            f"要准备的材料：{scenario.name}", f"Materials: {scenario.name_en or scenario.name}", size=12
        )
        pdf.bullets(
            [
                (
                    f"{m.name}（{OBTAIN[m.obtain.value][0]}{'' if m.required else '，视情况提供'}）",
                    f"{m.name_en or m.name} ({OBTAIN[m.obtain.value][1]})",
                )
                for m in scenario.materials
            ]
        )
    pdf.heading("时限和收费", "Time limits and fee", size=12)
    pdf.paragraph(
        f"承诺 {item.time_limit_promised} 个工作日办结（法定 {item.time_limit_legal} 个工作日）；{item.fee}",
        f"Decided within {item.time_limit_promised} working days (legal limit {item.time_limit_legal}); "
        f"{item.fee_en or item.fee}",
    )
    pdf.heading("去哪里办", "Where to go", size=12)
    place = department.name if department else item.department
    pdf.paragraph(f"{place} · {item.place} · {item.hours} · 电话 {item.phone}")
    pdf.qr(entry_url(public_url, item.code), "扫码在手机上办理", "Scan to apply on your phone")
    return pdf.to_bytes()
