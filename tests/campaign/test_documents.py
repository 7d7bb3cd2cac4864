"""The print-ready documents and the paper sign sheet, parsed back: their titles, both
Chinese scripts, their paper sizes, the QR code's address, whole file names."""

import io

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command

from campaign.documents import (
    DOCUMENTS,
    LEAFLET,
    MODEL_MOTION,
    STATEMENT,
    STUDENT_PACK,
    render_document,
    render_sign_sheets,
)
from campaign.models import Material

URL = "https://campaign.example/en/petition/?via=leaflet"


def parse(data):
    document = pdfium.PdfDocument(data)
    try:
        pages = [document[i] for i in range(len(document))]
        text = "\n".join(page.get_textpage().get_text_range() for page in pages)
        width, height = pages[0].get_size()
        title = document.get_metadata_dict().get("Title", "")
        return text, (round(width), round(height)), len(pages), title
    finally:
        document.close()


def test_the_leaflet_in_traditional_chinese_on_a5_has_its_title_and_demands():
    text, size, pages, title = parse(render_document(LEAFLET, language="zh-hant", size="A5", site_url=URL))
    assert size == (420, 595), "A5 in points"
    assert pages == 1
    assert title == "停止鎮壓香港"
    assert "釋放所有政治犯" in text


def test_the_statement_in_simplified_chinese_on_a3_uses_simplified_characters():
    text, size, _pages, title = parse(render_document(STATEMENT, language="zh-hans", size="A3", site_url=URL))
    assert size == (842, 1191), "A3 in points"
    assert title == "声明：停止镇压香港"
    assert "释放所有政治犯" in text
    assert "釋放" not in text


def test_the_model_motion_in_english_is_a4_with_its_resolutions():
    text, size, _pages, title = parse(render_document(MODEL_MOTION, language="en", size="A4", site_url=URL))
    assert size == (595, 842)
    assert title == "Model motion: solidarity with Hong Kong"
    assert "This branch resolves" in text
    assert URL in text


def test_every_document_has_a_whole_title_and_a_consistent_file_name_in_each_language():
    for document in DOCUMENTS:
        for language in ("en", "zh-hant", "zh-hans"):
            for size in document.sizes:
                name = document.file_name(language, size)
                assert name == f"{document.key}-{language}-{size.lower()}.pdf"
            title = document.title_in(language)
            assert title and title.strip() == title and "  " not in title
    assert LEAFLET.sizes == ("A5", "A4") and STATEMENT.sizes == ("A4", "A3")


def test_the_student_pack_speaks_of_signing_safely_in_both_scripts():
    hant, _size, _pages, _title = parse(
        render_document(STUDENT_PACK, language="zh-hant", size="A4", site_url=URL)
    )
    hans, _size, _pages, _title = parse(
        render_document(STUDENT_PACK, language="zh-hans", size="A4", site_url=URL)
    )
    assert "電郵地址永不公開" in hant
    assert "电子邮件地址永不公开" in hans


def test_sign_sheets_are_numbered_a4_landscape_with_the_consent_in_three_languages():
    data = render_sign_sheets(first=41, count=2, site_url="https://campaign.example/en/petition/?via=paper")
    text, size, pages, _title = parse(data)
    assert size == (842, 595), "A4 landscape"
    assert pages == 2
    assert "00041" in text and "00042" in text
    assert "Keep me informed" in text and "向我發送消息" in text and "向我发送消息" in text
    assert "Your email is used only" in text and "你的電郵只用於" in text and "你的电子邮件只用于" in text


@pytest.mark.django_db
def test_make_documents_puts_them_on_the_materials_page(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("make_documents", "--materials", "--document", "model-motion", stdout=out)
    motions = Material.objects.filter(kind=Material.Kind.MOTION)
    assert sorted(motions.values_list("language", flat=True)) == ["en", "zh-hans", "zh-hant"]
    names = sorted(m.file.name.rsplit("/", 1)[-1] for m in motions)
    assert names == ["model-motion-en-a4.pdf", "model-motion-zh-hans-a4.pdf", "model-motion-zh-hant-a4.pdf"]
    assert Material.objects.filter(generated_key="document:sign-sheet:multilingual:a4").exists()
    # A second run changes nothing.
    again = io.StringIO()
    call_command("make_documents", "--materials", "--document", "model-motion", stdout=again)
    assert "updated" not in again.getvalue()


def test_make_documents_renders_numbered_sheets(tmp_path):
    out = io.StringIO()
    call_command("make_documents", "--sheets", "3", "--first", "100", "--output", str(tmp_path), stdout=out)
    path = tmp_path / "sign-sheets-00100-00102.pdf"
    _text, _size, pages, _title = parse(path.read_bytes())
    assert pages == 3
