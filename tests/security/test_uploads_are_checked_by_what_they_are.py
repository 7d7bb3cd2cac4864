"""Uploads that are too large, of the wrong type, or decompression bombs are refused with a clear message.

Featured photos (tests/petition/test_admin_featured.py) and materials
(tests/campaign/test_materials.py) have their own tests; here: the logo anyone
may upload with an organisation's signature, articles' images, and the one pixel
limit (UPLOAD_MAX_IMAGE_PIXELS) that every kind of upload obeys.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import process_image, validate_image
from campaign.models import Question, validate_material_file
from core.uploads import ARTICLE_IMAGE_MAX_BYTES as ARTICLE_MAX_BYTES
from petition.admin.forms import FeaturedSignatoryForm
from petition.forms import LOGO_MAX_BYTES, SignatureForm
from petition.models import Signature
from tests.petition.conftest import form_data
from tests.security.conftest import png_bomb, png_header_bomb

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]


def png(size=(120, 80), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, "red").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def sign_with_logo(client, petition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def _sign(name, data, content_type="image/png"):
        fields = form_data(kind="organisation", name="Workers Union", email="union@example.org")
        fields["organisation_logo"] = SimpleUploadedFile(name, data, content_type=content_type)
        return client.post("/en/petition/", fields)

    return _sign


def logo_error(response):
    assert response.status_code == 200
    assert not Signature.objects.exists(), "nothing stored for a refused upload"
    return " ".join(response.context["form"].errors["organisation_logo"])


def test_a_logo_bomb_declaring_a_billion_pixels_is_refused(sign_with_logo):
    assert "too many pixels" in logo_error(sign_with_logo("bomb.png", png_header_bomb(40000, 40000)))


def test_a_logo_that_decodes_to_a_hundred_million_pixels_is_refused_before_decoding(sign_with_logo):
    bomb = png_bomb(12000, 8000)
    assert len(bomb) < 200_000, "a small file…"
    assert "too many pixels" in logo_error(sign_with_logo("bomb.png", bomb))


def test_a_logo_over_two_megabytes_is_refused(sign_with_logo):
    big = png() + b"\0" * LOGO_MAX_BYTES
    assert "largest accepted" in logo_error(sign_with_logo("big.png", big))


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("logo.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "image/png"),
        ("logo.png", b"MZ\x90\x00" + b"\0" * 200, "image/png"),
        ("logo.png", png()[:60], "image/png"),
    ],
    ids=["svg-with-script", "pdf-named-png", "executable-named-png", "truncated-png"],
)
def test_a_logo_of_the_wrong_type_is_refused_whatever_its_name(sign_with_logo, name, data, content_type):
    assert logo_error(sign_with_logo(name, data, content_type))


def test_an_accepted_logo_is_redrawn_small_without_its_payload(sign_with_logo):
    smuggled = png(size=(2000, 1000)) + b"<?php system($_GET['c']); ?>"
    assert sign_with_logo("logo.png", smuggled).status_code == 302
    logo = Signature.objects.get().organisation_logo
    data = logo.read()
    assert b"<?php" not in data
    assert max(Image.open(io.BytesIO(data)).size) <= 400


def refusal(data, name="photo.png"):
    with pytest.raises(ValidationError) as caught:
        validate_image(SimpleUploadedFile(name, data))
    return " ".join(caught.value.messages)


def test_an_article_image_bomb_is_refused_before_decoding():
    assert "too many pixels" in refusal(png_bomb(12000, 8000))
    assert refusal(png_header_bomb(40000, 40000))


def test_an_article_image_over_the_size_limit_is_refused():
    assert "largest accepted is 15.0\xa0MB" in refusal(png() + b"\0" * ARTICLE_MAX_BYTES)


@pytest.mark.parametrize(
    "data",
    [b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', b"%PDF-1.4\n%%EOF", b"GIF89a"],
    ids=["svg", "pdf", "truncated-gif"],
)
def test_an_article_image_of_the_wrong_type_is_refused(data):
    assert "JPEG, PNG, WebP or GIF" in refusal(data)


# --- One pixel limit for every upload ------------------------------------------------


def _logo(upload):
    SignatureForm.base_fields["organisation_logo"].clean(upload)


def _featured_photo(upload):
    FeaturedSignatoryForm.base_fields["photo"].clean(upload)


def _article_image(upload):
    validate_image(upload)
    process_image(upload)


def _qa_figure(upload):
    Question._meta.get_field("figure").run_validators(upload)


EVERY_IMAGE_UPLOAD = {
    "signature-logo": _logo,
    "featured-photo": _featured_photo,
    "article-image": _article_image,
    "qa-figure": _qa_figure,
    "material": validate_material_file,
}


def refusal_code(place, data):
    with pytest.raises(ValidationError) as caught:
        EVERY_IMAGE_UPLOAD[place](SimpleUploadedFile("picture.png", data, content_type="image/png"))
    return caught.value.error_list[0].code


@pytest.mark.parametrize("place", EVERY_IMAGE_UPLOAD)
@pytest.mark.parametrize(
    "bomb",
    [
        lambda: png_bomb(12000, 8000),
        lambda: png_header_bomb(40000, 40000),
        lambda: png_header_bomb(8000, 8000),
    ],
    ids=["96-million-pixels", "header-claims-1.6-billion", "header-claims-64-million"],
)
def test_a_decompression_bomb_is_refused_by_every_upload(place, bomb):
    assert refusal_code(place, bomb()) == "too_many_pixels"


@pytest.mark.parametrize("place", EVERY_IMAGE_UPLOAD)
def test_every_upload_obeys_the_one_pixel_limit_from_the_settings(place, settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10_000
    assert refusal_code(place, png(size=(200, 100))) == "too_many_pixels"
    EVERY_IMAGE_UPLOAD[place](
        SimpleUploadedFile("picture.png", png(size=(100, 100)), content_type="image/png")
    )
