"""Slugs, languages and featured images are taken care of whatever path saves an article."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from tests.articles.conftest import image_upload
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def article(**fields):
    obj = Article(status=Article.Status.PUBLISHED, **fields)
    obj.full_clean()
    obj.save()
    return obj


def test_the_slug_is_made_from_the_english_title():
    assert article(title_en="Hong Kong: Crackdowns without end").slug == "hong-kong-crackdowns-without-end"


def test_a_chinese_only_title_gets_its_date_as_slug_and_stays_unique():
    first = article(title_zh_hant="六四燭光晚會", published_at="2023-06-04T12:00:00+00:00")
    second = article(title_zh_hant="銅鑼灣截查", published_at="2023-06-04T13:00:00+00:00")
    assert first.slug == "2023-06-04"
    assert second.slug == "2023-06-04-2"


def test_the_same_english_title_twice_gets_two_slugs():
    assert article(title_en="Solidarity").slug == "solidarity"
    assert article(title_en="Solidarity").slug == "solidarity-2"


def test_a_slug_never_hides_the_articles_own_pages():
    assert article(title_en="Search").slug == "search-2"
    with pytest.raises(ValidationError):
        Article(title_en="Feed", slug="feed").full_clean()


def test_an_article_needs_a_title_in_at_least_one_language():
    with pytest.raises(ValidationError):
        Article(title_en="", title_zh_hant="", title_zh_hans="").full_clean()


def test_a_changed_title_keeps_the_published_address():
    obj = article(title_en="First title")
    obj.title_en = "Better title"
    obj.save()
    assert obj.slug == "first-title"


def test_a_large_photo_is_resized_and_a_small_copy_made_for_listings():
    obj = article(title_en="Photo", image=image_upload(size=(4000, 3000)))
    assert (obj.image_width, obj.image_height) == (1600, 1200)
    assert (obj.thumbnail_width, obj.thumbnail_height) == (640, 480)
    assert obj.image.name.endswith(".jpg") and "photo" not in obj.image.name


def test_location_data_is_removed_from_uploaded_photos():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (22.0, 16.0, 48.0)}  # GPS position
    obj = article(title_en="Photo", image=image_upload(exif=exif.tobytes()))
    with Image.open(obj.image.path) as stored:
        assert not stored.getexif()


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name():
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'hi'; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        Article(title_en="Fake", image=fake).full_clean()
    assert "image" in error.value.message_dict


def test_a_transparent_png_stays_a_png():
    out = BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(out, "PNG")
    obj = article(title_en="Logo", image=SimpleUploadedFile("logo.png", out.getvalue()))
    assert obj.image.name.endswith(".png")


def test_removing_the_image_removes_the_small_copy():
    obj = PublishedArticleFactory(image=image_upload())
    obj.image = ""
    obj.save()
    assert not obj.thumbnail and obj.thumbnail_width is None
