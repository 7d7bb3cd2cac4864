"""Placards: print-ready PDFs with embedded Chinese fonts and a text layer, made by a command."""

import io

import pypdfium2 as pdfium
import pytest
from django.core.management import CommandError, call_command

from campaign import placards
from campaign.models import Material
from campaign.placards import BY_KEY, FontMissing, render_pdf

ARTICLE_23 = BY_KEY["article-23"]


def pdf_text(data):
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        return page.get_textpage().get_text_range(), (round(width), round(height)), len(document)
    finally:
        document.close()


def embedded_fonts(data):
    """Font files embedded in the PDF (FontFile2/FontFile3 streams)."""
    return data.count(b"/FontFile")


def test_a_traditional_placard_is_a_valid_a4_pdf_whose_text_is_the_slogan():
    data = render_pdf(ARTICLE_23, script="zh-hant", size="A4")
    assert data.startswith(b"%PDF-")
    text, size, pages = pdf_text(data)
    assert pages == 1
    assert size == (595, 842), "A4 in points"
    for line in ["反對二三條", "停止鎮壓", "唯有羣衆鬥爭", "No to Article 23"]:
        assert line in text
    assert embedded_fonts(data) >= 1


def test_a_simplified_placard_prints_the_slogan_converted_on_a3():
    data = render_pdf(ARTICLE_23, script="zh-hans", size="A3")
    text, size, _pages = pdf_text(data)
    assert size == (842, 1191), "A3 in points"
    for line in ["反对二三条", "停止镇压", "唯有群众斗争", "Only mass resistance can defeat repression"]:
        assert line in text


def test_the_shipped_font_subsets_cover_every_placard_so_no_system_font_is_needed():
    for script in ("zh-hant", "zh-hans"):
        choice = placards.find_font(script, "".join(placards.placard_characters()))
        assert choice.bundled, script


def test_rendering_the_same_placard_twice_gives_the_same_bytes():
    assert render_pdf(ARTICLE_23, size="A4") == render_pdf(ARTICLE_23, size="A4")


def test_without_any_chinese_font_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(placards, "BUNDLED_FONTS", {"zh-hant": placards.FONT_DIR / "missing.otf"})
    monkeypatch.setattr(placards, "system_font", lambda script, style="Bold": None)
    with pytest.raises(FontMissing, match="fonts-noto-cjk"):
        render_pdf(ARTICLE_23, script="zh-hant")


def test_the_command_writes_pdfs_and_previews(tmp_path):
    out = io.StringIO()
    call_command(
        "make_placards", "--output", str(tmp_path), "--placard", "shame-release", "--size", "A4", stdout=out
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "placard-shame-release-zh-hans-a4.pdf",
        "placard-shame-release-zh-hans-a4.png",
        "placard-shame-release-zh-hant-a4.pdf",
        "placard-shame-release-zh-hant-a4.png",
    ]
    assert (tmp_path / "placard-shame-release-zh-hans-a4.png").read_bytes().startswith(b"\x89PNG")
    assert "香港政府可耻" in pdf_text((tmp_path / "placard-shame-release-zh-hans-a4.pdf").read_bytes())[0]
    assert "2 placards written" in out.getvalue()


def test_the_command_explains_what_to_install_when_no_font_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr(
        placards, "BUNDLED_FONTS", dict.fromkeys(("zh-hant", "zh-hans"), placards.FONT_DIR / "missing.otf")
    )
    monkeypatch.setattr(placards, "system_font", lambda script, style="Bold": None)
    with pytest.raises(CommandError, match="Install Noto Sans CJK"):
        call_command(
            "make_placards", "--output", str(tmp_path), "--placard", "article-23", stdout=io.StringIO()
        )


@pytest.mark.django_db
def test_placards_on_the_materials_page_are_added_once_and_updated_in_place(tmp_path):
    from campaign.materials import placard_material_save

    material, changed = placard_material_save(ARTICLE_23, script="zh-hans")
    assert changed
    again, changed_again = placard_material_save(ARTICLE_23, script="zh-hans")
    assert again.pk == material.pk and not changed_again
    assert Material.objects.count() == 1
    assert material.kind == "placard" and material.language == "zh-hans"
    assert material.preview and material.preview_width
    assert "反对二三条" in material.title_zh_hans
    with material.file.open("rb") as handle:
        assert "唯有群众斗争" in pdf_text(handle.read())[0]
