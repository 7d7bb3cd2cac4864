"""Public media in the public bucket: materials, their previews and the ZIP, article images,
featured photos. Each is stored in the bucket, never on the app host's disk, read back through
the storage API, and its plain URL is served by the bucket to anyone."""

import io
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from campaign.models import Material
from tests.factories import (
    FeaturedSignatoryFactory,
    MaterialFactory,
    PublishedArticleFactory,
    SuperUserFactory,
)
from tests.objectstorage.conftest import fetch

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


TRANSLATED = ("title", "description", "preview_alt")


def png_bytes(size=(300, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_upload(name="photo.jpg", size=(2400, 1800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def body(response):
    return b"".join(response.streaming_content)


def test_an_uploaded_material_and_its_preview_go_to_the_public_bucket_and_nowhere_else(client, buckets):
    client.force_login(SuperUserFactory())
    data = {
        **{f"{field}_{code}": "" for field in TRANSLATED for code in ("zh_hant", "zh_hans")},
        "title_en": "Poster",
        "description_en": "",
        "preview_alt_en": "",
        "kind": "poster",
        "language": "en",
        "order": "0",
        "is_active": "on",
        "file": SimpleUploadedFile("poster.png", png_bytes((1200, 1700))),
    }  # fmt: skip

    response = client.post(reverse("admin:campaign_material_add"), data)

    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.preview_width, material.preview_height) == (480, 680)
    assert buckets.public_keys() == sorted([material.file.name, material.preview.name])
    assert buckets.private_keys() == []
    assert buckets.disk_files() == []


def test_the_materials_page_links_previews_the_bucket_serves_to_anyone(client, buckets):
    material = MaterialFactory()
    assert material.preview.name in buckets.public_keys()

    page = client.get(url("campaign:materials")).content.decode()

    preview_url = re.search(r'<img src="([^"]+-preview\.png)"', page).group(1)
    assert preview_url == material.preview.url
    assert preview_url.startswith(f"{buckets.server.endpoint}/{buckets.public}/")
    assert "Signature=" not in preview_url and "X-Amz" not in preview_url, "a plain, cacheable URL"
    status, data = fetch(preview_url)
    assert status == 200 and data.startswith(b"\x89PNG")


def test_the_pages_allow_images_from_the_bucket_and_nowhere_else(client, buckets):
    MaterialFactory()
    response = client.get(url("campaign:materials"))
    img_src = re.search(r"img-src ([^;]+)", response["Content-Security-Policy"]).group(1).split()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(Material.objects.get().preview.url))
    assert img_src == ["'self'", "data:", origin]


def test_a_download_from_the_bucket_is_counted_and_served_whole(client, buckets):
    material = MaterialFactory()
    stored = buckets.server.client().get_object(Bucket=buckets.public, Key=material.file.name)["Body"].read()

    response = client.get(url("campaign:material_download", pk=material.pk))

    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(stored)
    assert body(response) == stored
    material.refresh_from_db()
    assert material.download_count == 1


def test_a_material_gone_from_the_bucket_is_a_404_and_not_counted(client, buckets):
    material = MaterialFactory()
    buckets.server.client().delete_object(Bucket=buckets.public, Key=material.file.name)
    assert client.get(url("campaign:material_download", pk=material.pk)).status_code == 404
    material.refresh_from_db()
    assert material.download_count == 0


def test_download_all_builds_the_zip_into_the_bucket_once_from_the_bucket(client, buckets):
    first, second = MaterialFactory(title_en="One"), MaterialFactory(title_en="Two")
    expected = {
        m.file.name: buckets.server.client().get_object(Bucket=buckets.public, Key=m.file.name)["Body"].read()
        for m in (first, second)
    }

    response = client.get(url("campaign:material_zip", language="en"))

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert sorted(archive.read(name) for name in archive.namelist()) == sorted(expected.values())
    zips = [key for key in buckets.public_keys() if key.startswith("materials/zip/")]
    assert len(zips) == 1
    modified = buckets.server.client().head_object(Bucket=buckets.public, Key=zips[0])["LastModified"]
    again = client.get(url("campaign:material_zip", language="en"))
    assert body(again) == body(client.get(url("campaign:material_zip", language="en")))
    assert [key for key in buckets.public_keys() if key.startswith("materials/zip/")] == zips
    assert buckets.server.client().head_object(Bucket=buckets.public, Key=zips[0])["LastModified"] == modified
    assert buckets.disk_files() == []


def test_two_uploads_with_one_name_are_two_objects(buckets):
    one, two = MaterialFactory(), MaterialFactory()
    assert one.file.name != two.file.name
    assert {one.file.name, two.file.name} <= set(buckets.public_keys())


def test_an_article_image_and_its_small_copy_are_in_the_bucket_and_on_the_page(client, buckets):
    article = PublishedArticleFactory(title_en="Photo", image=jpeg_upload())

    assert (article.image_width, article.image_height) == (1600, 1200)
    assert sorted([article.image.name, article.thumbnail.name]) == buckets.public_keys()
    page = client.get(article.get_absolute_url()).content.decode()
    assert article.image.url in page
    status, data = fetch(article.image.url)
    assert status == 200
    assert Image.open(io.BytesIO(data)).size == (1600, 1200)
    assert buckets.disk_files() == []


def test_a_featured_photo_is_in_the_bucket(buckets):
    featured = FeaturedSignatoryFactory()
    featured.photo.save("face.png", ContentFile(png_bytes((200, 200))), save=True)
    assert featured.photo.name in buckets.public_keys()
    assert fetch(featured.photo.url)[0] == 200
    assert buckets.disk_files() == []
