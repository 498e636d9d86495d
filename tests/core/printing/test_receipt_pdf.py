"""The receipt PDF: receipt number and masked ID (never the full one), the CJK font embedded,
and a status QR that decodes to a genuine receipt code; only for the application's owner."""

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pyzbar.pyzbar import decode

from core.applications.drafts import DraftNotFound
from core.guide.scan_codes import entry_url
from core.identity.codes import CodeVerifier
from core.identity.id_numbers import mask_id_number
from core.printing.fonts import NoCjkFont, find_cjk_font
from core.printing.guide import render_guide
from core.printing.printer import Printer, PrintFailed
from core.printing.receipt import render_receipt
from core.printing.receipts import print_receipt, receipt_sheet
from core.testing.commitments import APPLICANT


@pytest.fixture
def pdf(engine, seed_catalogue, application_id) -> tuple[bytes, object]:
    sheet = receipt_sheet(engine, seed_catalogue, "alice", application_id)
    return render_receipt(sheet), sheet


def _text(data: bytes) -> str:
    """The printed text without spacing (pypdf puts NULs between the glyphs of a CFF CID font)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return "".join("".join(page.extract_text().replace("\x00", "").split()) for page in pages)


def test_the_receipt_names_the_number_and_the_masked_id_only(pdf) -> None:
    data, sheet = pdf
    text = _text(data)
    assert data.startswith(b"%PDF-")
    assert sheet.receipt_no in text and mask_id_number(APPLICANT["applicant_id_number"]) in text
    assert APPLICANT["applicant_id_number"] not in text
    assert APPLICANT["applicant_id_number"].encode() not in data
    assert "平顶山市教育局" in text and "已按告知承诺审批" in text
    assert "体检证明" in text  # what happens next: the owed material and its deadline


def test_the_cjk_font_is_embedded(pdf) -> None:
    reader = PdfReader(io.BytesIO(pdf[0]))
    embedded = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        for descendant in font.get_object().get("/DescendantFonts", []):
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            embedded += [key for key in descriptor if key in ("/FontFile2", "/FontFile3")]
    assert embedded, "the font program must be in the PDF"


def test_the_status_qr_decodes_to_a_genuine_receipt_code(pdf) -> None:
    data, sheet = pdf
    images = [image.image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    decoded = [symbol.data.decode() for image in images for symbol in decode(image)]
    assert decoded == [sheet.status_code]
    verified = CodeVerifier(None).check(decoded[0])  # type: ignore[arg-type]
    assert verified.kind == "receipt" and verified.subject == sheet.receipt_no


def test_another_citizens_receipt_is_not_found(engine, seed_catalogue, application_id) -> None:
    with pytest.raises(DraftNotFound):
        receipt_sheet(engine, seed_catalogue, "mallory", application_id)


def test_a_missing_font_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NoCjkFont, match="fonts-noto-cjk"):
        find_cjk_font(str(tmp_path / "nothing.ttf"))


def test_without_a_printer_the_pdf_goes_to_the_spool(tmp_path: Path, pdf) -> None:
    job = Printer("", tmp_path / "spool").print_pdf(pdf[0], "receipt")
    path = Path(job.destination)
    assert path.read_bytes() == pdf[0] and path.parent == tmp_path / "spool"
    assert path.stat().st_mode & 0o777 == 0o600
    assert pdf[1].receipt_no not in path.name


def test_with_a_printer_the_pdf_goes_to_cups(tmp_path: Path) -> None:
    calls = []

    def run(command, **options):
        calls.append((command, options["input"]))
        return subprocess.CompletedProcess(command, 0)

    job = Printer("kiosk-a4", tmp_path, run=run).print_pdf(b"%PDF-1.4 test", "guide")
    assert job.destination == "cups:kiosk-a4"
    assert calls[0][0][:3] == ["lp", "-d", "kiosk-a4"] and calls[0][1] == b"%PDF-1.4 test"
    assert list(tmp_path.iterdir()) == []


def test_a_refusing_or_missing_printer_is_reported(tmp_path: Path) -> None:
    def refuse(command, **_options):
        raise subprocess.CalledProcessError(1, command, stderr=b"lp: The printer or class does not exist.")

    with pytest.raises(PrintFailed) as failed:
        Printer("nowhere", tmp_path, run=refuse).print_pdf(b"%PDF-1.4", "receipt")
    assert failed.value.code == "printer_unavailable" and "does not exist" in str(failed.value)

    def missing(command, **_options):
        raise FileNotFoundError("lp")

    with pytest.raises(PrintFailed, match="CUPS"):
        Printer("kiosk", tmp_path, run=missing).print_pdf(b"%PDF-1.4", "receipt")


@pytest.mark.parametrize(("data", "kind"), [(b"MZ\\x90", "receipt"), (b"%PDF-1.4", "../etc/passwd")])
def test_only_pdfs_with_a_plain_kind_are_printed(tmp_path: Path, data: bytes, kind: str) -> None:
    with pytest.raises(PrintFailed) as failed:
        Printer("", tmp_path).print_pdf(data, kind)
    assert failed.value.code == "bad_kind"


def test_the_guide_pdf_lists_materials_and_opens_the_item_by_qr(seed_catalogue) -> None:
    item = seed_catalogue.item("010120003000")
    data = render_guide(item, seed_catalogue.find_department(item.department), "https://ywtb.example")
    text = _text(data)
    assert item.plain_name in text and "体检证明" in text and "签署承诺代替" in text
    images = [image.image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert [s.data.decode() for image in images for s in decode(image)] == [
        entry_url("https://ywtb.example", item.code)
    ]


def test_a_kiosk_prints_the_owners_receipt_to_the_spool(
    engine, seed_catalogue, application_id, tmp_path
) -> None:
    printer = Printer("", tmp_path / "spool")
    job = print_receipt(printer, engine, seed_catalogue, "alice", application_id, channel="kiosk")
    assert Path(job.destination).read_bytes().startswith(b"%PDF-")
    with pytest.raises(DraftNotFound):
        print_receipt(printer, engine, seed_catalogue, "mallory", application_id)
    assert len(list((tmp_path / "spool").iterdir())) == 1
