"""Featured signatories in the admin: pictures checked by content, resized, re-encoded; order."""

import io
import struct
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import Promise
from PIL import Image

from core.uploads import PICTURE_MAX_BYTES as MAX_UPLOAD_BYTES
from core.uploads import clean_uploaded_image
from petition.models import AuditLog, FeaturedSignatory
from tests.factories import FeaturedSignatoryFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    # Login throttling records each login with the client's address; a test login has none.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def as_organiser(client):
    client.force_login(StaffUserFactory(username="organiser", groups=["Organisers"]))
    return client


def picture(size=(1200, 800), format="JPEG", mode="RGB", name="portrait.jpg", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, "#c33").save(buffer, format=format, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_claiming(width, height):
    """A tiny PNG whose header claims a huge picture: a decompression bomb's calling card."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", b"\x89PNG\r\n\x1a\n" + body, content_type="image/png")


def error_code(upload):
    with pytest.raises(forms.ValidationError) as caught:
        clean_uploaded_image(upload)
    return caught.value.code


def test_a_large_photo_is_resized_to_fit_and_re_encoded():
    cleaned = clean_uploaded_image(picture(size=(1200, 800)))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.format == "JPEG"
    assert image.size == (600, 400)
    assert cleaned.name == "portrait.jpg"


def test_a_logo_with_transparency_stays_a_png():
    cleaned = clean_uploaded_image(picture(size=(300, 300), format="PNG", mode="RGBA", name="logo.png"))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (300, 300))


def test_metadata_such_as_gps_positions_is_dropped():
    exif = Image.Exif()
    exif[0x8825] = {2: (22.0, 17.0, 0.0)}  # GPSInfo: latitude
    exif[0x010F] = "PhoneMaker"
    cleaned = clean_uploaded_image(picture(size=(100, 100), exif=exif.tobytes()))
    assert not Image.open(io.BytesIO(cleaned.read())).getexif()


def test_an_executable_renamed_to_jpg_is_refused():
    upload = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 2000, content_type="image/jpeg")
    assert error_code(upload) == "invalid_image"


def test_a_picture_format_we_do_not_accept_is_refused():
    assert error_code(picture(size=(10, 10), format="BMP", name="photo.jpg")) == "invalid_image"


def test_an_oversized_file_is_refused_before_it_is_opened():
    upload = SimpleUploadedFile("huge.jpg", b"\xff\xd8" + b"\0" * MAX_UPLOAD_BYTES, content_type="image/jpeg")
    assert error_code(upload) == "file_too_large"


@pytest.mark.parametrize(("width", "height"), [(8000, 8000), (30000, 30000)])
def test_a_decompression_bomb_is_refused_without_decoding_it(width, height):
    assert error_code(png_claiming(width, height)) == "too_many_pixels"


def test_a_truncated_picture_is_refused():
    data = picture(size=(400, 400)).read()
    assert error_code(SimpleUploadedFile("cut.jpg", data[: len(data) // 3])) == "invalid_image"


# --- through the admin ----------------------------------------------------------------


def featured_form(petition, **extra):
    return {
        "petition": petition.pk,
        "name_en": "Joshua Wong",
        "chinese_name": "黃之鋒",
        "description_en": "Activist",
        "country": "HK",
        "order": 1,
        "is_visible": "on",
        **extra,
    }


def test_an_organiser_uploads_a_photo_and_it_is_stored_resized(as_organiser, petition):
    response = as_organiser.post(
        reverse("admin:petition_featuredsignatory_add"), featured_form(petition, photo=picture((2000, 1000)))
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    featured = FeaturedSignatory.objects.get()
    assert (featured.photo_width, featured.photo_height) == (600, 300)
    assert featured.photo.name.endswith(".jpg")
    assert AuditLog.objects.get().action == AuditLog.Action.FEATURE


def test_the_admin_shows_a_clear_error_for_a_file_that_is_not_a_picture(as_organiser, petition):
    fake = SimpleUploadedFile("photo.png", b"#!/bin/sh\nrm -rf /\n", content_type="image/png")

    response = as_organiser.post(
        reverse("admin:petition_featuredsignatory_add"), featured_form(petition, photo=fake)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    assert not FeaturedSignatory.objects.exists()


@pytest.mark.parametrize(
    "upload", [lambda: png_claiming(30000, 30000), lambda: SimpleUploadedFile("x.jpg", b"x")]
)
def test_refusals_are_marked_for_translation(upload):
    with pytest.raises(forms.ValidationError) as caught:
        clean_uploaded_image(upload())
    assert isinstance(caught.value.message, Promise), "gettext_lazy: shown in the organiser's language"


def test_featured_signatories_are_listed_in_their_order_and_reordered_in_the_list(as_organiser, petition):
    second = FeaturedSignatoryFactory(petition=petition, name_en="Second", order=2)
    first = FeaturedSignatoryFactory(petition=petition, name_en="First", order=1)
    html = as_organiser.get(reverse("admin:petition_featuredsignatory_changelist")).content.decode()
    assert html.index("First") < html.index("Second")

    response = as_organiser.post(
        reverse("admin:petition_featuredsignatory_changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-order": "3",
            "form-0-is_visible": "on",
            "form-1-id": second.pk,
            "form-1-order": "1",
            "form-1-is_visible": "on",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    assert list(FeaturedSignatory.objects.values_list("name_en", flat=True)) == ["Second", "First"]
