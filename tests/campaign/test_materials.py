"""Materials: grouped and filtered, downloads counted and named, a ZIP per language, uploads checked."""

import io
import re
import threading
import zipfile
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from campaign.models import Material
from core.uploads import check_file, sanitize_svg
from tests.factories import MaterialFactory, SuperUserFactory

pytestmark = pytest.mark.usefixtures("logins_unthrottled")


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def png_bytes(size=(300, 200), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode == "RGB" else 1).save(buffer, "PNG")
    return buffer.getvalue()


# --- The page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_materials_are_grouped_by_kind_with_sized_previews(client):
    MaterialFactory(title_en="A leaflet", kind="leaflet")
    MaterialFactory(title_en="A placard", kind="placard")
    MaterialFactory(title_en="A motion", kind="motion")
    html = client.get(url("campaign:materials")).content.decode()
    assert html.index('id="placard"') < html.index("A placard") < html.index('id="leaflet"')
    assert (
        html.index('id="leaflet"')
        < html.index("A leaflet")
        < html.index('id="motion"')
        < html.index("A motion")
    )
    assert 'id="poster"' not in html, "empty kinds are left out"
    assert re.search(r'<img src="[^"]+-preview\.png" alt="" width="4[78]\d" height="\d+"', html)


@pytest.mark.django_db
def test_the_language_filter_shows_that_language_and_bilingual_materials(client):
    MaterialFactory(title_en="English leaflet", language="en")
    MaterialFactory(title_en="Simplified leaflet", language="zh-hans")
    MaterialFactory(title_en="Bilingual leaflet", language="bilingual")
    html = client.get(url("campaign:materials"), {"language": "zh-hans"}).content.decode()
    assert "Simplified leaflet" in html and "Bilingual leaflet" in html
    assert "English leaflet" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["klingon", "", "'; DROP TABLE", "zh-hans\x00", "a" * 500])
def test_a_bad_language_filter_shows_everything_instead_of_failing(client, value):
    MaterialFactory(title_en="English leaflet", language="en")
    response = client.get(url("campaign:materials"), {"language": value})
    assert response.status_code == 200
    assert "English leaflet" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "zh-hant", "zh-hans"])
def test_the_materials_page_reads_in_each_language(client, lang):
    MaterialFactory(title_en="Leaflet", title_zh_hant="傳單", title_zh_hans="")
    html = client.get(url("campaign:materials", lang)).content.decode()
    assert {"en": "Leaflet", "zh-hant": "傳單", "zh-hans": "传单"}[lang] in html


@pytest.mark.django_db
def test_hidden_materials_cannot_be_seen_or_downloaded(client):
    material = MaterialFactory(title_en="Withdrawn leaflet", is_active=False)
    assert "Withdrawn leaflet" not in client.get(url("campaign:materials")).content.decode()
    assert client.get(material.get_download_url()).status_code == 404


@pytest.mark.django_db
def test_the_materials_page_stays_within_its_query_budget(client, django_assert_max_num_queries):
    for kind in ["placard", "poster", "leaflet", "statement", "motion"]:
        MaterialFactory(kind=kind)
    client.get(url("campaign:materials"))
    with django_assert_max_num_queries(4):
        client.get(url("campaign:materials"))


# --- Downloads ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_download_is_counted_and_served_with_its_type_and_a_readable_chinese_name(client):
    material = MaterialFactory(title_en="Leaflet", title_zh_hant="反對二三條（傳單）")
    with translation.override("zh-hant"):
        download = reverse("campaign:material_download", kwargs={"pk": material.pk})
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"filename*=utf-8''{quote('反對二三條-傳單.pdf')}" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    material.refresh_from_db()
    assert material.download_count == 1


@pytest.mark.django_db
def test_a_download_of_a_missing_material_is_a_404(client):
    assert client.get(url("campaign:material_download", pk=999)).status_code == 404


@pytest.mark.django_db
def test_download_all_gives_a_zip_of_the_languages_materials_built_once(client):
    MaterialFactory(title_en="English leaflet", language="en")
    MaterialFactory(title_en="Bilingual poster", language="bilingual", kind="poster")
    MaterialFactory(title_en="Chinese leaflet", language="zh-hant")
    response = client.get(url("campaign:material_zip", language="en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["leaflets/English-leaflet.pdf", "posters/Bilingual-poster.pdf"]
    assert archive.read("leaflets/English-leaflet.pdf").startswith(b"%PDF-")
    _dirs, built = default_storage.listdir("materials/zip")
    client.get(url("campaign:material_zip", language="en"))
    assert default_storage.listdir("materials/zip")[1] == built, "served from storage, not rebuilt"


@pytest.mark.django_db
def test_download_all_for_an_unknown_language_is_a_404(client):
    MaterialFactory()
    assert client.get(url("campaign:material_zip", language="xx")).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_downloads_are_all_counted():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    material = MaterialFactory()
    download = material.get_download_url()
    barrier = threading.Barrier(50)
    statuses = []

    def fetch():
        try:
            barrier.wait()
            response = Client().get(download)
            b"".join(response.streaming_content)
            response.close()
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fetch) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    material.refresh_from_db()
    assert statuses == [200] * 50
    assert material.download_count == 50


# --- Uploads ---------------------------------------------------------------------------


def admin_add(client, upload, **fields):
    data = {
        "title_en": "Uploaded",
        "title_zh_hant": "",
        "title_zh_hans": "",
        "description_en": "",
        "description_zh_hant": "",
        "description_zh_hans": "",
        "preview_alt_en": "",
        "preview_alt_zh_hant": "",
        "preview_alt_zh_hans": "",
        "kind": "poster",
        "language": "en",
        "order": "0",
        "is_active": "on",
        "file": upload,
        **fields,
    }
    return client.post(reverse("admin:campaign_material_add"), data)


@pytest.fixture
def admin_client_(client, db):
    client.force_login(SuperUserFactory())
    return client


@pytest.mark.django_db
def test_an_uploaded_image_gets_a_preview_size_and_type(admin_client_):
    response = admin_add(admin_client_, SimpleUploadedFile("poster.png", png_bytes((1200, 1700))))
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == "image/png"
    assert material.file_size > 0
    assert (material.preview_width, material.preview_height) == (480, 680)
    assert material.preview.name.endswith(".png")


@pytest.mark.django_db
def test_an_uploaded_pdf_gets_its_first_page_as_preview(admin_client_):
    from tests.factories import _pdf_bytes

    response = admin_add(admin_client_, SimpleUploadedFile("leaflet.pdf", _pdf_bytes()))
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == "application/pdf"
    assert abs(material.preview_width - 480) <= 1
    assert material.preview_height > material.preview_width, "a portrait page"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["leaflet.pdf", "poster.png", "poster.jpg", "poster.svg"])
def test_a_renamed_executable_is_refused(admin_client_, name):
    executable = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 2000
    response = admin_add(admin_client_, SimpleUploadedFile(name, executable))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Material.objects.exists()


@pytest.mark.django_db
def test_a_file_of_another_type_is_refused(admin_client_):
    response = admin_add(admin_client_, SimpleUploadedFile("setup.exe", b"MZ" + b"\x00" * 100))
    assert response.context["adminform"].form.errors["file"]


@pytest.mark.django_db
def test_an_oversized_file_is_refused(admin_client_, monkeypatch):
    monkeypatch.setattr("core.uploads.MATERIAL_MAX_BYTES", 1024 * 1024)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = admin_add(admin_client_, SimpleUploadedFile("big.pdf", big))
    (error,) = response.context["adminform"].form.errors.as_data()["file"]
    assert error.code == "file_too_large" and "1.0\xa0MB" in error.messages[0], "the limit is named"
    assert not Material.objects.exists()


def test_an_image_bomb_is_refused_before_it_is_decoded():
    bomb = png_bytes((8000, 8000), mode="1")  # a few kilobytes that decode to 64 million pixels
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        check_file(io.BytesIO(bomb), "poster.png", max_bytes=25 * 1024 * 1024)
    assert error.value.code == "too_many_pixels"


def test_a_jpeg_named_png_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "JPEG")
    with pytest.raises(ValidationError):
        check_file(io.BytesIO(buffer.getvalue()), "poster.png", max_bytes=1024 * 1024)


def test_svg_scripts_handlers_and_outside_links_are_removed():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' viewBox="0 0 100 50">'
        b'<script>alert(1)</script><rect width="10" height="10" onload="alert(2)"/>'
        b'<a href="javascript:alert(3)"><text>hi</text></a><foreignObject><p>x</p></foreignObject>'
        b'<image xlink:href="https://tracker.example/p.png"/></svg>'
    )
    clean = sanitize_svg(svg)
    for bad in [b"script", b"onload", b"javascript", b"foreignObject", b"tracker.example"]:
        assert bad not in clean
    assert b"<rect" in clean


def test_svg_with_entities_is_refused():
    svg = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    with pytest.raises(ValidationError):
        sanitize_svg(svg)


@pytest.mark.django_db
def test_an_editor_can_retitle_a_material_without_uploading_it_again(admin_client_):
    material = MaterialFactory(title_en="Old title")
    preview = material.preview.name
    data = {
        "title_en": "New title",
        "title_zh_hant": "",
        "title_zh_hans": "",
        "description_en": "",
        "description_zh_hant": "",
        "description_zh_hans": "",
        "preview_alt_en": "",
        "preview_alt_zh_hant": "",
        "preview_alt_zh_hans": "",
        "kind": "leaflet",
        "language": "en",
        "order": "0",
        "is_active": "on",
    }
    response = admin_client_.post(reverse("admin:campaign_material_change", args=[material.pk]), data)
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title_en == "New title"
    assert material.preview.name == preview
