"""Scan-to-apply codes: stable entry URLs, and print files a kiosk camera can read."""

from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from core.guide.catalogue import Catalogue
from core.guide.scan_codes import (
    ReadingConditions,
    entry_path,
    entry_url,
    make_qr,
    print_spec,
    qr_svg,
    resolve_entry,
    write_print_file,
)

URL = "http://localhost:3000/s/070010001003"


def test_entry_url_is_stable_and_short() -> None:
    assert entry_path("070010001003") == "/s/070010001003"
    assert entry_url("http://localhost:3000/", "YJS001") == "http://localhost:3000/s/YJS001"


def test_every_item_and_bundle_resolves(seed_catalogue: Catalogue) -> None:
    for item in seed_catalogue.items:
        assert resolve_entry(seed_catalogue, item.code).kind == "item"
    for bundle in seed_catalogue.bundles:
        assert resolve_entry(seed_catalogue, bundle.code.lower()).kind == "bundle"
    assert resolve_entry(seed_catalogue, "000000000000") is None


def test_png_print_file_decodes_to_the_entry_url(tmp_path: Path) -> None:
    out = tmp_path / "poster.png"
    spec = write_print_file(URL, out)
    with Image.open(out) as image:
        assert [r.data.decode() for r in decode(image)] == [URL]
        assert image.info["dpi"][0] == pytest.approx(spec.dpi, abs=1)
        assert image.width == spec.modules * spec.px_per_module


def test_module_is_big_enough_for_the_kiosk_camera() -> None:
    conditions = ReadingConditions()
    spec = print_spec(make_qr(URL), conditions)
    field_mm = conditions.min_module_mm() * conditions.camera_width_px / conditions.min_px_per_module
    px_per_module_at_camera = spec.module_mm / field_mm * conditions.camera_width_px
    assert px_per_module_at_camera >= 4.0
    farther = ReadingConditions(distance_mm=700)
    assert farther.min_module_mm() == pytest.approx(2 * conditions.min_module_mm())


def test_svg_print_file_is_in_millimetres(tmp_path: Path) -> None:
    out = tmp_path / "poster.svg"
    spec = write_print_file(URL, out)
    text = out.read_text()
    assert f'width="{spec.size_mm:g}mm"' in text


def test_unknown_print_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        write_print_file(URL, tmp_path / "poster.pdf")


def test_inline_svg_carries_a_title_for_screen_readers() -> None:
    svg = qr_svg(URL, "扫码办理：身份证丢了怎么补办")
    assert "<title>扫码办理：身份证丢了怎么补办</title>" in svg
